// Builds the bench (dist/bench/bench.js) and the fleet simulator (dist/bench/fleet.js) with the
// server build's loaders and path aliases; the Lua scripts are copied next to them, where
// libs/store looks for them.
const path = require('path');
const CopyPlugin = require('copy-webpack-plugin');
const server = require('../webpack.config.js');

const root = path.resolve(__dirname, '..');

module.exports = {
  ...server,
  context: root,
  devtool: false,
  entry: {
    bench: './bench/main.ts',
    fleet: './bench/fleet/main.ts',
  },
  output: { path: path.join(root, 'dist/bench'), filename: '[name].js' },
  plugins: [new CopyPlugin({ patterns: [{ from: 'libs/store/src/lua', to: 'lua' }] })],
};

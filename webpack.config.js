// One webpack run builds every server app into dist/apps/<app>/main.js (Nest's monorepo layout),
// so `node dist/apps/<app>/main.js` works for docker-compose and real deployments.
const fs = require('fs');
const path = require('path');
const nodeExternals = require('webpack-node-externals');
const CopyPlugin = require('copy-webpack-plugin');
const { TsconfigPathsPlugin } = require('tsconfig-paths-webpack-plugin');

const apps = ['scheduler', 'scraper', 'api', 'mock-target', 'pushgateway', 'cli'].filter((app) => fs.existsSync(`./apps/${app}/src/main.ts`));

module.exports = {
  mode: 'none',
  target: 'node',
  devtool: 'source-map',
  entry: Object.fromEntries(apps.map((app) => [app, `./apps/${app}/src/main.ts`])),
  output: {
    path: path.resolve(__dirname, 'dist/apps'),
    filename: '[name]/main.js',
  },
  // Keep real __dirname so the Lua loader finds dist/apps/<app>/lua.
  node: { __dirname: false, __filename: false },
  externals: [nodeExternals({ modulesDir: path.resolve(__dirname, 'node_modules') })],
  externalsPresets: { node: true },
  resolve: {
    extensions: ['.ts', '.js'],
    // libs/client imports './x.js' (it is also emitted as ES modules): resolve those to the .ts source.
    extensionAlias: { '.js': ['.ts', '.js'] },
    plugins: [new TsconfigPathsPlugin({ configFile: 'tsconfig.json' })],
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: { loader: 'ts-loader', options: { transpileOnly: true, configFile: 'tsconfig.json' } },
      },
    ],
  },
  plugins: [
    new CopyPlugin({
      patterns: apps.map((app) => ({ from: 'libs/store/src/lua', to: `${app}/lua` })),
    }),
  ],
  // Nest and its optional peers reference modules we do not use; keep the build quiet about them.
  ignoreWarnings: [/Critical dependency/, /Can't resolve '@nestjs\/(microservices|websockets)/, /Can't resolve 'class-transformer\/storage'/],
  stats: 'errors-warnings',
};

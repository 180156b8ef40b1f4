// Debian's Chromium and the flags these machines need (no sandbox as root, no GPU, nothing that
// phones home), for every browser script: run.js (CommonJS) and the .mjs tools alike.
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

module.exports = { CHROMIUM_PATH, CHROMIUM_ARGS };

// Launches Debian's Chromium through playwright-core with the flags in chromium-options.js.
import { chromium } from 'playwright-core';
import options from './chromium-options.js';

export const { CHROMIUM_ARGS } = options;

export function launchChromium() {
  return chromium.launch({ executablePath: options.CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

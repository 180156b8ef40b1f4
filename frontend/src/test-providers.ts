import { EnvironmentProviders, Provider } from '@angular/core';
import { provideIcons } from './app/shared/icons/icons';

/** Providers every unit test gets: the app's SVG icons, so Material can draw them in jsdom. */
const testProviders: (Provider | EnvironmentProviders)[] = [provideIcons()];

export default testProviders;

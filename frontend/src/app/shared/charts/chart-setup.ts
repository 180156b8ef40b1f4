import { BarController, BarElement, CategoryScale, Filler, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';

/** Only the Chart.js parts the dashboard draws with, to keep the bundle small. */
export function provideDashboardCharts() {
  return provideCharts({
    registerables: [BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Filler],
    defaults: {
      animation: false,
      font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 11 },
    },
  });
}

/** Canvas colours cannot follow CSS variables by themselves, so each theme names its own. */
export interface ChartPalette {
  readonly grid: string;
  readonly text: string;
  readonly line: string;
  readonly fill: string;
}

export const CHART_PALETTES: Record<'light' | 'dark', ChartPalette> = {
  light: { grid: 'rgba(0,0,0,0.08)', text: '#5c6370', line: '#2f6fd6', fill: 'rgba(47,111,214,0.18)' },
  dark: { grid: 'rgba(255,255,255,0.08)', text: '#a4abb8', line: '#79a8ff', fill: 'rgba(121,168,255,0.22)' },
};

/** Sparkline bar colour per severity; mid tones that read on light and dark rows alike. */
export function severityColor(severity: string): string {
  switch (severity.toLowerCase()) {
    case 'error':
      return '#e5484d';
    case 'warning':
      return '#e09b1a';
    case 'info':
      return '#3e8ed0';
    default:
      return '#8b8d98';
  }
}

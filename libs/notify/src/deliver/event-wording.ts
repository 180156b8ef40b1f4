import type { NotificationJob } from '../notification.types';

const TITLES: Record<NotificationJob['event'], string> = {
  new: 'New error',
  regression: 'Regression',
  spike: 'Spike',
  resolved: 'Resolved',
};

/** "New error in checkout", "Spike in payments", … */
export function titleOf(job: NotificationJob): string {
  return `${TITLES[job.event]} in ${job.service}`;
}

/** One line on the error: "TimeoutError: upstream took 30 s", or the key when nothing is known. */
export function summaryOf(job: NotificationJob, maxLength = 300): string {
  const text = job.error ? [job.error.errorClass, job.error.message].filter(Boolean).join(': ') || job.key : job.key;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** Why this event was raised, in words. */
export function reasonOf(job: NotificationJob): string {
  switch (job.event) {
    case 'new':
      return 'first seen in this service';
    case 'regression':
      return 'was resolved and occurred again';
    case 'spike': {
      const s = job.spike;
      if (!s) return 'occurs far more often than usual';
      return `${s.windowCount} in the last ${Math.round(s.windowMs / 60_000)} min, ~${Math.round(s.expectedCount * 10) / 10} expected from the previous 24 h`;
    }
    case 'resolved':
      return 'resolved in the dashboard';
  }
}

export const isoOf = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : null);

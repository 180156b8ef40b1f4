import type { NotificationJob } from '../notification.types';
import { reasonOf, summaryOf, titleOf } from './event-wording';

/** Slack renders `<!date^…>` in the reader's own time zone; the text after `|` is the fallback. */
function slackDate(ms: number | undefined): string {
  if (!ms) return '—';
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;
}

/** mrkdwn treats `&`, `<` and `>` as markup. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A Slack incoming-webhook message in Block Kit: a header, the error's class and message, a
 * field grid (service, key, severity, count, first and last seen) and a button to the error in
 * the dashboard. `text` is the notification fallback.
 */
export function slackMessage(job: NotificationJob, link: string): Record<string, unknown> {
  const error = job.error;
  const count = error ? `${error.totalCount}${job.delta > 0 ? ` (+${job.delta})` : ''}` : String(job.delta);
  return {
    text: `${titleOf(job)}: ${summaryOf(job, 150)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: titleOf(job).slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: `*${escape(summaryOf(job, 2500))}*\n${escape(reasonOf(job))}` } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Service*\n${escape(job.service)}` },
          { type: 'mrkdwn', text: `*Key*\n\`${escape(job.key.slice(0, 1000))}\`` },
          { type: 'mrkdwn', text: `*Severity*\n${escape(job.severity)}` },
          { type: 'mrkdwn', text: `*Count*\n${count}` },
          { type: 'mrkdwn', text: `*First seen*\n${slackDate(error?.firstSeenMs)}` },
          { type: 'mrkdwn', text: `*Last seen*\n${slackDate(error?.lastSeenMs)}` },
        ],
      },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Periskop' }, url: link, action_id: 'open-error' }],
      },
    ],
  };
}

// What the notifier needs: the table, Notify, template ids, a clock, and where links point.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Store } from '../../shared/store/client.js';
import type { NotifyGateway } from '../../shared/notify/client.js';
import type { TemplateIds } from '../../shared/notify/templates.js';

export interface NotifierDeps {
  readonly store: Store;
  readonly notify: NotifyGateway;
  readonly templates: TemplateIds;
  readonly emailReplyToId?: string | undefined;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Where users reach the service, for links in messages. */
  readonly publicUrl: string;
  /**
   * How long one worker holds a message before another may try it: longer than a Notify request can
   * take (its timeout), so a live worker is never overtaken, and short enough that a crash heals soon.
   */
  readonly leaseMs: number;
}

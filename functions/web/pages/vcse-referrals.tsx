// VCSE: the inbox of referrals waiting, answering one (accept, or decline with a reason), and recording outcomes.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { callApi, getOrFail, query } from '../api-client.js';
import type { Page, Referral } from '../api-types.js';
import { Button, emptyForm, ErrorSummary, FormTokens, Input, Radios, type FormState } from '../components/forms.js';
import { render } from '../components/page.js';
import { BackLink, Banner, SummaryList, Table, Tag, type TagColour } from '../components/ui.js';
import type { WebEnv } from '../env.js';
import { date, dateTime, words } from '../format.js';
import { activityNames, nameOf, type Names } from '../names.js';
import { problemErrors } from '../problems.js';

export const STATUS_TAG: Record<Referral['status'], [string, TagColour]> = {
  sent: ['Waiting for an answer', 'blue'],
  accepted: ['Accepted', 'green'],
  declined: ['Declined', 'red'],
  withdrawn: ['Withdrawn', 'grey'],
  expired: ['Expired', 'orange'],
};

export const StatusTag = ({ status }: { status: Referral['status'] }) => <Tag colour={STATUS_TAG[status][1]}>{STATUS_TAG[status][0]}</Tag>;

const DECLINE_REASONS = [
  { value: 'full', text: 'The activity is full' },
  { value: 'not_suitable', text: 'The activity is not suitable for this person' },
  { value: 'unable_to_contact', text: 'We could not contact the person' },
  { value: 'outside_area', text: 'The person lives outside our area' },
  { value: 'other', text: 'Another reason' },
] as const;

const OUTCOMES = [
  { value: 'attended', text: 'Attended' },
  { value: 'completed', text: 'Completed the activity' },
  { value: 'did_not_attend', text: 'Did not attend' },
] as const;

const DONE: Record<string, string> = {
  accepted: 'Referral accepted. The organisation will be paid for it in the next payment run.',
  declined: 'Referral declined. The link worker can see your reason.',
  outcome: 'Outcome recorded.',
  logged: 'Referral logged and funded.',
};

const referrer = (r: Referral) => r.referrerOrganisation?.name ?? 'Link worker organisation';

const inbox = async (c: Context<WebEnv>) => {
  const [waiting, accepted, names] = await Promise.all([
    getOrFail<Page<Referral>>(c, `/v1/referrals${query({ status: 'sent', limit: 200 })}`),
    getOrFail<Page<Referral>>(c, `/v1/referrals${query({ status: 'accepted', limit: 200 })}`),
    activityNames(c, c.get('session')?.organisationId),
  ]);
  const sent = [...waiting.items].sort((a, b) => (a.respondBy ?? '').localeCompare(b.respondBy ?? ''));
  const done = DONE[c.req.query('done') ?? ''];
  return render(
    c,
    { title: 'Referrals' },
    <>
      {done ? <Banner>{done}</Banner> : null}
      <h1>Referrals</h1>
      {sent.length === 0 ? (
        <p>No referrals are waiting for your answer.</p>
      ) : (
        <Table
          caption={`Waiting for your answer (${sent.length})`}
          head={['Client reference', 'Activity', 'Referred by', 'Answer by', '']}
          rows={sent.map((r) => [
            r.clientRef,
            nameOf(names, r.activityId, 'Activity'),
            referrer(r),
            date(r.respondBy),
            <a href={`/referrals/${r.id}`}>
              Answer<span class="nhsuk-u-visually-hidden">{` referral ${r.clientRef}`}</span>
            </a>,
          ])}
        />
      )}
      <div id="accepted"></div>
      {accepted.items.length === 0 ? (
        <p>No accepted referrals yet.</p>
      ) : (
        <Table
          caption="Accepted referrals and their outcome"
          head={['Client reference', 'Activity', 'Accepted on', 'Outcome']}
          rows={accepted.items.map((r) => [
            r.clientRef,
            nameOf(names, r.activityId, 'Activity'),
            date(r.acceptedAt),
            r.outcome ? words(r.outcome) : <a href={`/referrals/${r.id}`}>Record outcome<span class="nhsuk-u-visually-hidden">{` for ${r.clientRef}`}</span></a>,
          ])}
        />
      )}
      <p>
        <a href="/referrals/log">Log a referral you accepted on another platform</a>
      </p>
    </>,
  );
};

const answerPage = (c: Context<WebEnv>, referral: Referral, names: Names, state: FormState, status: 400 | 409 | 200 = 200) =>
  render(
    c,
    { title: `Referral ${referral.clientRef}`, hasErrors: state.errors.length > 0, status, before: <BackLink href="/referrals" text="Back to referrals" /> },
    <>
      <ErrorSummary state={state} />
      <span class="nhsuk-caption-l">Referral</span>
      <h1>{referral.clientRef}</h1>
      <SummaryList
        rows={[
          ['Status', <StatusTag status={referral.status} />],
          ['Activity', nameOf(names, referral.activityId, 'Activity')],
          ['Referred by', referrer(referral)],
          ...(referral.referrerContact ? [['Referrer’s work contact', [referral.referrerContact.email, referral.referrerContact.phone].filter(Boolean).join(', ')] as const] : []),
          ['Sent', dateTime(referral.sentAt)],
          ...(referral.respondBy && referral.status === 'sent' ? [['Answer by', date(referral.respondBy)] as const] : []),
          ...(referral.priorityGroup ? [['Priority group', words(referral.priorityGroup)] as const] : []),
          ...(referral.acceptedAt ? [['Accepted', dateTime(referral.acceptedAt)] as const] : []),
          ...(referral.outcome ? [['Outcome', words(referral.outcome)] as const] : []),
          ...(referral.declineReason ? [['Reason for declining', referral.declineReason] as const] : []),
        ]}
      />
      {referral.status === 'sent' ? (
        <>
          <form method="post" novalidate>
            <FormTokens csrf={c.get('session')!.csrf} />
            <h2>Accept this referral</h2>
            <p>Accept it if you can offer this person a place. Your organisation is then paid for it under your agreement.</p>
            <Button id="accept" name="_action" value="accept">
              Accept referral
            </Button>
          </form>
          <form method="post" novalidate>
            <FormTokens csrf={c.get('session')!.csrf} />
            <h2>Or decline it</h2>
            <Radios id="reasonCode" legend="Why are you declining this referral?" state={state} options={DECLINE_REASONS} small />
            <Input id="reason" label="Anything the link worker should know (optional)" hint="Do not include the person’s name or NHS number." state={state} />
            <Button secondary id="decline" name="_action" value="decline">
              Decline referral
            </Button>
          </form>
        </>
      ) : null}
      {referral.status === 'accepted' && !referral.outcome ? (
        <form method="post" novalidate>
          <FormTokens csrf={c.get('session')!.csrf} />
          <Radios id="outcome" legend="What happened?" state={state} options={OUTCOMES} />
          <Button id="record-outcome" name="_action" value="outcome">
            Record outcome
          </Button>
        </form>
      ) : null}
    </>,
  );

const FIELDS = { '/reasonCode': { id: 'reasonCode', label: 'Reason' }, '/reason': { id: 'reason', label: 'Reason' }, '/outcome': { id: 'outcome', label: 'Outcome' } };

export const vcseReferralRoutes = new Hono<WebEnv>()
  .get('/referrals', inbox)
  .get('/referrals/:id{ref_[0-9A-Z]+}', async (c) => {
    const [referral, names] = await Promise.all([getOrFail<Referral>(c, `/v1/referrals/${c.req.param('id')}`), activityNames(c, c.get('session')?.organisationId)]);
    return answerPage(c, referral, names, emptyForm(c.get('kept') ?? {}));
  })
  .post('/referrals/:id{ref_[0-9A-Z]+}', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const value = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const action = value('_action');
    const body =
      action === 'accept' ? undefined : action === 'decline' ? { reasonCode: value('reasonCode') || undefined, ...(value('reason') ? { reason: value('reason') } : {}) } : { outcome: value('outcome') || undefined };
    const path = action === 'accept' ? 'accept' : action === 'decline' ? 'decline' : 'outcome';
    const result = await callApi<Referral>(c, 'POST', `/v1/referrals/${id}/${path}`, { body, idempotencyKey: value('_idem') });
    if (result.ok) return c.redirect(`/referrals?done=${action === 'accept' ? 'accepted' : action === 'decline' ? 'declined' : 'outcome'}`, 303);
    // Re-read so that a stale page shows the referral as it now stands beside the API's reason.
    const [referral, names] = await Promise.all([getOrFail<Referral>(c, `/v1/referrals/${id}`), activityNames(c, c.get('session')?.organisationId)]);
    const fallback = action === 'accept' ? 'accept' : action === 'decline' ? 'reasonCode' : 'outcome';
    const values = { reasonCode: value('reasonCode'), reason: value('reason'), outcome: value('outcome') };
    // The API names the referral by its id; the person knows it by its client reference.
    const problem = { ...result.problem, detail: result.problem.detail?.replaceAll(referral.id, referral.clientRef) };
    const state = { values, errors: problemErrors(problem, FIELDS, referral.status === 'sent' || action === 'outcome' ? fallback : 'maincontent') };
    return answerPage(c, referral, names, state, result.status === 409 ? 409 : 400);
  });

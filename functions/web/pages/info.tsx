// The accessibility statement and privacy notice, linked from every page's footer.
import { Hono } from 'hono';
import { render } from '../components/page.js';
import type { WebEnv } from '../env.js';

export const infoRoutes = new Hono<WebEnv>()
  .get('/accessibility', (c) =>
    render(
      c,
      { title: 'Accessibility statement' },
      <>
        <h1>Accessibility statement for Pay on Prescription</h1>
        <p>This statement applies to the Pay on Prescription web service used by link workers, voluntary and community organisations, fund managers and commissioners.</p>
        <p>We want as many people as possible to be able to use it. You should be able to:</p>
        <ul>
          <li>change colours, contrast levels and fonts using your browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>get from the start of any task to the end using just a keyboard</li>
          <li>use the service with a screen reader, including the charts, which each have a table of the same figures beside them</li>
          <li>use every form with JavaScript turned off</li>
        </ul>
        <h2>How accessible this service is</h2>
        <p>
          The pages are built with the NHS.UK design system and are tested against the Web Content Accessibility Guidelines (WCAG) 2.2 at levels A and AA with automated checks (axe) on every page in
          each release, and by moving through each main task with a keyboard alone.
        </p>
        <p>We know of these limits:</p>
        <ul>
          <li>the live progress bar of a payment run updates only with JavaScript; without it, reload the page to see how far the run has gone</li>
          <li>the charts on the spend page are pictures for sighted users; the table beside each one holds the same figures</li>
          <li>the NHS typeface (Frutiger) is not used: pages use Arial, the design system’s own fallback</li>
        </ul>
        <h2>Feedback and contact information</h2>
        <p>
          If you need information in a different format, or you find a problem not listed here, tell the organisation that runs this service for your area (for the demonstration, Medway Voluntary
          Action). We aim to reply within 5 working days.
        </p>
        <h2>Enforcement procedure</h2>
        <p>
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not
          happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).
        </p>
        <h2>Technical information about this website’s accessibility</h2>
        <p>This website is partially compliant with WCAG version 2.2 AA standard, due to the limits listed above.</p>
        <p>This statement was prepared on 1 December 2026.</p>
      </>,
    ),
  )
  .get('/privacy', (c) =>
    render(
      c,
      { title: 'Privacy notice' },
      <>
        <h1>Privacy notice</h1>
        <p>
          Pay on Prescription pays voluntary, community and social enterprise organisations for the social prescribing referrals they accept. This notice explains what it keeps about the people who use
          it and about the residents who are referred.
        </p>
        <h2>Residents who are referred</h2>
        <p>
          We do not keep any resident’s name, address, date of birth, contact details or NHS number. A referral carries only a <strong>pseudonymous client reference</strong> chosen by the link worker
          (for example <code>MW-2026-0142</code>), which means something only in the link worker’s own records. The service refuses any reference or note that contains an NHS number.
        </p>
        <p>A referral may also record the activity, the priority group and the primary care network, so that commissioners can see where funding goes. None of these identifies a person.</p>
        <h2>Staff who use the service</h2>
        <p>For each person who signs in we keep:</p>
        <ul>
          <li>their work e-mail address and the organisation and role they belong to (in the sign-in service, Amazon Cognito, in the UK)</li>
          <li>an authenticator app registration for two-step sign-in, held by Amazon Cognito</li>
          <li>a record of each change they make, with the time, kept in a tamper-evident audit trail so that spending of public money can be checked</li>
          <li>a work contact they choose to give on a referral, shown only to the two organisations involved in that referral</li>
          <li>
            the organisation’s contact e-mail addresses, and for 90 days whether each e-mail sent to them through GOV.UK Notify arrived; an address that could not be reached is shown to the
            organisation’s people, the service’s administrators and, for a voluntary or community organisation, the fund managers who pay it
          </li>
        </ul>
        <p>
          The audit trail names who made each change by their work e-mail address, and by the role and organisation they hold now, and says if they have been removed since. Commissioners (the
          integrated care board and public health) can read it, and so can the managers of a fund, for changes to that fund and to the referrals it pays for, including the link worker who sent each referral.
        </p>
        <p>
          While you are signed in, your browser keeps an encrypted session cookie. It is needed for the service to work, lasts one working day, and is not used for anything else. We do not use analytics
          or advertising cookies.
        </p>
        <h2>Why we keep it and for how long</h2>
        <p>
          We keep staff details so that only the right people can act for their organisation, and the audit trail because public bodies must be able to account for public money. Audit records are
          kept for as long as the fund’s records must be kept (at least 6 years after the fund ends). A person’s account is removed when their organisation asks.
        </p>
        <h2>Your rights</h2>
        <p>
          You can ask to see the information we hold about you, and ask for it to be corrected. Contact the organisation that manages the fund you work with. You can also complain to the Information
          Commissioner’s Office.
        </p>
      </>,
    ),
  );

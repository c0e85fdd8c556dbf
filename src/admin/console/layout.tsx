import type { ComponentChildren } from 'preact';
import { FlashMessage, ProblemList } from '#shared/html/components.tsx';
import type { Problem } from '#shared/html/errors.ts';
import { Layout } from '#shared/html/layout.tsx';
import type { ConsoleView } from './web.ts';

export const APP_NAME = 'Broker Admin';

const NAV = [
  { href: '/traders', label: 'Traders' },
  { href: '/products', label: 'Products' },
  { href: '/orders', label: 'Orders' },
];

/** A page of the operator console: top bar with the sections and the operator's logout. */
export function ConsolePage(props: {
  view: ConsoleView | null;
  title: string;
  section?: string;
  children: ComponentChildren;
}) {
  const { view } = props;
  return (
    <Layout
      title={props.title}
      appName={APP_NAME}
      nav={view ? NAV : []}
      section={props.section}
      flash={view?.flash}
      user={view ? { label: view.operator, logoutAction: '/logout', csrf: view.csrf } : undefined}
    >
      {props.children}
    </Layout>
  );
}

/** A failed action, in words, with the way back. */
export function ProblemMessage(props: { problem: Problem }) {
  return (
    <FlashMessage flash={{ kind: 'error', text: props.problem.message }}>
      <ProblemList problems={props.problem.problems} />
    </FlashMessage>
  );
}

export function ErrorPage(props: { view: ConsoleView | null; problem: Problem }) {
  const title = props.problem.status >= 500 ? 'Something went wrong' : 'That did not work';
  return (
    <ConsolePage view={props.view} title={title}>
      <h1>{title}</h1>
      <ProblemMessage problem={props.problem} />
      <p>
        <a href={props.view ? '/traders' : '/login'}>Back to the console</a>
      </p>
    </ConsolePage>
  );
}

export function ForbiddenPage() {
  return (
    <ConsolePage view={null} title="Form expired">
      <h1>This form has expired</h1>
      <p>
        The form was not sent from this console, or your session changed since the page was loaded.
        Nothing was changed.
      </p>
      <p>
        <a href="/traders">Reload the console</a> and try again.
      </p>
    </ConsolePage>
  );
}

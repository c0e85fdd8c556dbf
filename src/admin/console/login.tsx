import type { FastifyInstance } from 'fastify';
import { AppError } from '#shared/errors.ts';
import { CsrfField, Field, FlashMessage } from '#shared/html/components.tsx';
import { asForm, localPath, text } from '#shared/html/forms.ts';
import { redirectAfterPost, sendPage } from '#shared/html/render.ts';
import { validateForm } from '#shared/html/validate.ts';
import type { Flash } from '#shared/session/flash.ts';
import { OperatorLoginSchema } from '../auth/schemas.ts';
import { authenticateOperator } from '../auth/service.ts';
import type { AdminContext } from '../context.ts';
import { ConsolePage } from './layout.tsx';
import { type ConsoleWeb, LOGIN_PATH } from './web.ts';

const HOME = '/traders';

function LoginPage(props: { csrf: string; next: string; email?: string; flash: Flash | null }) {
  return (
    <ConsolePage view={null} title="Log in">
      <div class="login panel">
        <h1>Operator login</h1>
        {props.flash && <FlashMessage flash={props.flash} />}
        <form method="post" action={LOGIN_PATH}>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="next" value={props.next} />
          <Field
            label="E-mail"
            name="email"
            type="email"
            value={props.email}
            autocomplete="username"
            required
            autofocus={!props.email}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            autofocus={Boolean(props.email)}
          />
          <button type="submit" class="btn-primary">
            Log in
          </button>
        </form>
      </div>
    </ConsolePage>
  );
}

/** Checks the credentials with the same rule as the API's operator login. */
async function authenticate(ctx: AdminContext, email: string, password: string) {
  try {
    const login = validateForm(OperatorLoginSchema, { email, password });
    return await authenticateOperator(ctx, login);
  } catch (error) {
    // Wrong password, unknown account, or not even an e-mail address: all the same to the visitor.
    if (error instanceof AppError && error.status < 500) return null;
    throw error;
  }
}

export function loginRoutes(app: FastifyInstance, ctx: AdminContext, web: ConsoleWeb): void {
  const { sessions, flashes, guards } = web;
  const nextOf = (value: unknown) => localPath(typeof value === 'string' ? value : '', HOME);

  app.get('/login', async (request, reply) => {
    const next = nextOf((request.query as Record<string, unknown>).next);
    if (sessions.read(request, reply)?.subject) return reply.redirect(next);
    // An anonymous session, so the login form carries a CSRF token like every other form.
    const session = sessions.ensure(request, reply);
    const flash = flashes.take(request, reply);
    return sendPage(
      reply,
      <LoginPage csrf={sessions.csrfToken(session)} next={next} flash={flash} />,
    );
  });

  app.post('/login', { preHandler: guards.requireCsrf }, async (request, reply) => {
    const form = asForm(request.body);
    const email = text(form, 'email');
    const operator = await authenticate(ctx, email, text(form, 'password'));
    if (!operator) {
      const session = sessions.ensure(request, reply);
      const flash: Flash = { kind: 'error', text: 'Wrong e-mail or password.' };
      const page = (
        <LoginPage
          csrf={sessions.csrfToken(session)}
          next={nextOf(text(form, 'next'))}
          email={email}
          flash={flash}
        />
      );
      return sendPage(reply, page, 401);
    }
    sessions.start(reply, operator.id, operator.email);
    return redirectAfterPost(reply, nextOf(text(form, 'next')));
  });

  app.post('/logout', { preHandler: guards.requireCsrf }, async (_request, reply) => {
    sessions.end(reply);
    flashes.set(reply, { kind: 'info', text: 'You are logged out.' });
    return redirectAfterPost(reply, LOGIN_PATH);
  });
}

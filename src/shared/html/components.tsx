import type { ComponentChildren } from 'preact';
import type { Flash } from '../session/flash.ts';
import { CSRF_FIELD } from './forms.ts';

/** Small building blocks shared by the panels. Everything they print is escaped by preact. */

export function FlashMessage(props: { flash: Flash; children?: ComponentChildren }) {
  // Errors interrupt a screen reader; confirmations wait their turn.
  const role = props.flash.kind === 'error' ? 'alert' : 'status';
  return (
    <div class={`flash flash-${props.flash.kind}`} role={role}>
      {props.flash.text}
      {props.children}
    </div>
  );
}

/** A field-by-field list under an error message, e.g. from a 422's `details`. */
export function ProblemList(props: { problems: readonly string[] }) {
  if (props.problems.length === 0) return null;
  return (
    <ul>
      {props.problems.map((problem) => (
        <li key={problem}>{problem}</li>
      ))}
    </ul>
  );
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

export function EmptyState(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <strong>{props.title}</strong>
      {props.children}
    </div>
  );
}

/** Keyset pages only know the way forward; "first page" is the way back. */
export function Pager(props: { firstHref?: string | undefined; nextHref?: string | undefined }) {
  if (!props.firstHref && !props.nextHref) return null;
  return (
    <nav class="pager" aria-label="Pagination">
      {props.firstHref && <a href={props.firstHref}>« First page</a>}
      {props.nextHref && <a href={props.nextHref}>Next page »</a>}
    </nav>
  );
}

export function Badge(props: { status: string }) {
  return <span class={`badge badge-${props.status.toLowerCase()}`}>{props.status}</span>;
}

export interface Tab {
  readonly href: string;
  readonly label: string;
  readonly current: boolean;
}

/** Filter links (no form, so they work with a keyboard and without JavaScript). */
export function Tabs(props: { label: string; tabs: readonly Tab[] }) {
  return (
    <nav aria-label={props.label}>
      <ul class="tabs">
        {props.tabs.map((tab) => (
          <li key={tab.href}>
            <a href={tab.href} aria-current={tab.current ? 'page' : undefined}>
              {tab.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface FieldProps {
  readonly label: string;
  readonly name: string;
  readonly id?: string;
  readonly type?: 'text' | 'email' | 'password' | 'number' | 'search';
  readonly value?: string | undefined;
  readonly error?: string | undefined;
  readonly required?: boolean;
  readonly hint?: string;
  readonly class?: string;
  readonly autocomplete?: string;
  readonly inputMode?: 'decimal' | 'numeric' | 'text' | 'email';
  readonly min?: number;
  readonly maxLength?: number;
  readonly autofocus?: boolean;
}

/** A labelled input with its hint and error, wired up with aria so a screen reader reads all three. */
export function Field(props: FieldProps) {
  const id = props.id ?? `field-${props.name}`;
  const described = [props.hint && `${id}-hint`, props.error && `${id}-error`]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`stack ${props.class ?? ''}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        // preact types each input type with its own ARIA roles; a union of types confuses them.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        min={props.min}
        maxLength={props.maxLength}
        autofocus={props.autofocus}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {props.hint && (
        <span id={`${id}-hint`} class="hint">
          {props.hint}
        </span>
      )}
      {props.error && (
        <span id={`${id}-error`} class="field-error">
          {props.error}
        </span>
      )}
    </div>
  );
}

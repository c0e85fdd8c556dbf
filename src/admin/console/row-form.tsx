import type { ComponentChildren } from 'preact';
import { CsrfField } from '#shared/html/components.tsx';
import type { Flash } from '#shared/session/flash.ts';

/**
 * An inline form in a table row. Without JavaScript it posts and the page comes back with a message;
 * with htmx only its row is swapped.
 */
export function RowForm(props: {
  action: string;
  csrf: string;
  returnTo: string;
  /** The hidden label of the input with id `inputId`, for screen readers. */
  label: ComponentChildren;
  inputId: string;
  children: ComponentChildren;
}) {
  return (
    <form
      method="post"
      action={props.action}
      class="inline-form"
      hx-post={props.action}
      hx-target="closest tr"
      hx-swap="outerHTML"
    >
      <CsrfField token={props.csrf} />
      <input type="hidden" name="return_to" value={props.returnTo} />
      <label class="visually-hidden" for={props.inputId}>
        {props.label}
      </label>
      {props.children}
    </form>
  );
}

/** The outcome of an inline edit, announced to screen readers. */
export function RowNote(props: { note: Flash | undefined }) {
  if (!props.note) return null;
  return (
    <span class="row-note" role={props.note.kind === 'error' ? 'alert' : 'status'}>
      {props.note.text}
    </span>
  );
}

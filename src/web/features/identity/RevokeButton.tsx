/** A table row's revoke button (API token, invitation); `label` names the row for screen readers. */
export function RevokeButton(props: { label: string; text: string; pending: boolean; onRevoke: () => void }) {
  return (
    <button type="button" className="button-danger button-small" aria-label={props.label} disabled={props.pending} onClick={props.onRevoke}>
      {props.text}
    </button>
  );
}

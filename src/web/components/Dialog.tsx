import type { ReactNode } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';

/**
 * A modal dialog (focus trapped and restored, Escape closes) opened by a button.
 * `children` receives `close` so a form can close the dialog once saved.
 */
export function EditDialog(props: { triggerLabel: string; triggerText: string; title: string; children: (close: () => void) => ReactNode }) {
  return (
    <DialogTrigger>
      <Button className="button-secondary button-small" aria-label={props.triggerLabel}>
        {props.triggerText}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{props.title}</Heading>
                {props.children(close)}
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

/** The "Copy the command" button of the empty state; shown only where the Clipboard API works. */

/**
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} source
 * @param {HTMLElement} result a role="status" element that says whether it worked
 */
export function wireCopyButton(button, source, result) {
  if (!navigator.clipboard?.writeText) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(source.textContent ?? '');
      result.textContent = 'Copied.';
    } catch {
      result.textContent = 'Copying did not work here; select the command and copy it by hand.';
    }
  });
}

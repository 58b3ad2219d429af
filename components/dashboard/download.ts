/**
 * Saves text as a file through the page itself: a Blob URL and an `<a download>` click. No
 * `downloads` permission, nothing leaves the machine.
 */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file by the next turns of the event loop.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The page's `role="status"` live region: every state change is said there, once, in plain words. */
export class StatusRegion {
  constructor(private readonly region: HTMLElement) {}

  say(text: string): void {
    // Setting the same text again is not announced; clear first so a repeated state is heard again.
    if (this.region.textContent === text) this.region.textContent = '';
    this.region.textContent = text;
  }
}

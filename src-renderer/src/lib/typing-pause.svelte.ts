// Whether the person has stopped typing in the search box. Results follow every keystroke, but a verdict on the
// words ("No good match for “re”", "No tag is named “my”") waits until the typing pauses or the search is
// committed (Enter, a suggestion picked): a word still being typed is not a failed search.
export class TypingPause {
  settled = $state(true);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ms = 1000) {}

  /** A keystroke: the verdict waits for the next pause. */
  typed(): void {
    this.settled = false;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.settled = true), this.ms);
  }

  /** The search is meant as it is. */
  commit(): void {
    clearTimeout(this.timer);
    this.settled = true;
  }
}

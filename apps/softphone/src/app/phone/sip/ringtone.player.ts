/**
 * A ring cadence synthesised with Web Audio (two tones, 1 s on, 2 s off), so there is no sound file to
 * host or license. Browsers only let audio start after the user has interacted with the page; an
 * operator has clicked "Sign in" by then.
 */
export class RingtonePlayer {
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  start(): void {
    if (this.timer) return;
    try {
      this.context ??= new AudioContext();
    } catch {
      return;
    }
    const ring = (): void => this.burst();
    ring();
    this.timer = setInterval(ring, 3000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private burst(): void {
    const context = this.context;
    if (!context) return;
    const gain = context.createGain();
    gain.gain.value = 0.08;
    gain.connect(context.destination);
    for (const frequency of [440, 480]) {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start();
      oscillator.stop(context.currentTime + 1);
    }
  }
}

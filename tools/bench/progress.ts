export interface ProgressState {
  done: number;
  detail?: string;
}

const BAR_WIDTH = 30;

/**
 * Shows how far a phase has got: a bar redrawn in place on a terminal, a plain line every few
 * seconds otherwise (CI logs and redirected output would fill with carriage returns).
 */
export class Progress {
  private readonly timer: NodeJS.Timeout;
  private readonly tty = Boolean(process.stdout.isTTY);

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly state: () => ProgressState,
  ) {
    this.timer = setInterval(() => this.render(), this.tty ? 100 : 2_000);
  }

  /** Stops the bar and leaves one final line. */
  finish(): void {
    clearInterval(this.timer);
    if (this.tty) process.stdout.write('\r\x1b[2K');
    process.stdout.write(`${this.line()}\n`);
  }

  private render(): void {
    if (this.tty) process.stdout.write(`\r\x1b[2K${this.line()}`);
    else process.stdout.write(`${this.line()}\n`);
  }

  private line(): string {
    const { done, detail } = this.state();
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = this.tty ? `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ` : '';
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    return `  ${this.label} ${bar}${done}/${this.total} ${percent}${detail ? ` · ${detail}` : ''}`;
  }
}

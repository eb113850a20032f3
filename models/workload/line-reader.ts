/** Walks a text line by line (LF or CRLF) without splitting it all into an array first. */
export class LineReader {
  private position = 0;
  private lineNumber = 0;

  constructor(private readonly text: string) {}

  /** The next line that is not blank, with its 1-based number; undefined at the end. */
  nextNonBlank(): { text: string; number: number } | undefined {
    const text = this.text;
    while (this.position < text.length) {
      let end = text.indexOf('\n', this.position);
      if (end < 0) end = text.length;
      let line = text.slice(this.position, end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.position = end + 1;
      this.lineNumber++;
      if (line.trim() !== '') return { text: line, number: this.lineNumber };
    }
    return undefined;
  }

  /** An upper bound on the lines left (blank ones included): sizes the column arrays once. */
  remainingLineCount(): number {
    let count = 1;
    for (let i = this.text.indexOf('\n', this.position); i >= 0; i = this.text.indexOf('\n', i + 1)) count++;
    return count;
  }
}

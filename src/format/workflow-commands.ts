// GitHub Actions workflow commands (`::warning title=..::message`). Paths and messages can come from
// a pull request, so they are escaped: a file name with a newline must not start a command of its own.

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(kind: 'error' | 'warning' | 'notice', message: string, properties: Record<string, string | number | undefined> = {}): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${escapeProperty(String(value))}`);
  return `::${kind}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}\n`;
}

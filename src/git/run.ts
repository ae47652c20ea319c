// The one way kolokasi runs git, so that every command runs it alike: no terminal prompt (a
// missing credential is a failure to report, never a wait for a keyboard that is not there),
// messages in English whatever the locale (push-retry.ts reads git's refusals), output that the
// user's configuration cannot reshape (quoted paths, colours, signatures in `git log`), and on
// request a time limit that ends git and every helper it started.
import { spawn } from 'node:child_process';
import { UsageError } from '../errors.ts';

export interface GitRunOptions {
  /** `name=value` settings for this command only (`git -c`), e.g. the bot's identity. */
  config?: readonly string[];
  /** Written to git's standard input. */
  input?: string;
  /**
   * For commands that talk to a remote: after this long git and every helper it started
   * (git-remote-http, ssh) are killed. Without it a remote that accepts and never answers, or a
   * route that swallows the SYN, holds the caller for many minutes.
   */
  timeoutMs?: number;
}

/** A whole commit id as git prints it: 40 hex digits (SHA-1) or 64 (SHA-256). */
export const FULL_COMMIT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** Settings whose user values would change what the callers parse. */
const STEADY_CONFIG = ['core.quotepath=off', 'color.ui=false', 'log.showSignature=false'];

/** git failed, could not start, or ran out of time; what to fix is in its environment. */
export class GitCommandError extends UsageError {
  constructor(readonly command: string, readonly repo: string, readonly detail: string, readonly timedOut = false) {
    super({ en: `git ${command} failed in ${repo}: ${detail}`, id: `git ${command} gagal di ${repo}: ${detail}` });
    this.name = 'GitCommandError';
  }
}

/** Runs `git args` in `repo`; resolves with its standard output, rejects with a GitCommandError. */
export function runGitBytes(repo: string, args: readonly string[], options: GitRunOptions = {}): Promise<Buffer> {
  const { config = [], input, timeoutMs } = options;
  const command = args[0] ?? '';
  const argv = [...[...STEADY_CONFIG, ...config].flatMap((setting) => ['-c', setting]), ...args];
  return new Promise((resolve, reject) => {
    // A process group of its own (detached) when timed, so that the timeout ends the helpers too:
    // they hold git's output pipes open, and the result would wait for them.
    const child = spawn('git', argv, {
      cwd: repo,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: timeoutMs !== undefined,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    }, timeoutMs);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // ENOENT: git is not installed, or `repo` does not exist (spawn cannot tell them apart).
      reject(new GitCommandError(command, repo, error.code === 'ENOENT' ? `git is not installed, or the folder does not exist (${error.message})` : error.message));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new GitCommandError(command, repo, `git ${command} had no answer within ${timeoutMs! / 1000} s`, true));
      else if (code !== 0) reject(new GitCommandError(command, repo, Buffer.concat(stderr).toString('utf8').trim() || `git ${command} exited with ${code}`));
      else resolve(Buffer.concat(stdout));
    });
    // A git that exits before reading all of its input (a failure) closes the pipe: its exit code
    // and stderr tell why, not the EPIPE of the write.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Runs `git args` in `repo`; resolves with its standard output as text. */
export async function runGit(repo: string, args: readonly string[], options: GitRunOptions = {}): Promise<string> {
  return (await runGitBytes(repo, args, options)).toString('utf8');
}

/** git in one repository with fixed settings (an identity), for a sequence of commands. */
export type Git = (args: readonly string[]) => Promise<string>;

export function gitIn(repo: string, config: readonly string[] = []): Git {
  return (args) => runGit(repo, args, { config });
}

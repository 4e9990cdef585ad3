import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** PostgreSQL refuses to run as root: as root, its tools run as this unprivileged user. */
export const POSTGRES_OS_USER = 'postgres';

export const isRoot = process.getuid?.() === 0;

/** Runs a command and returns its stdout; the error carries stderr so failures explain themselves. */
export async function run(
  command: string,
  args: readonly string[],
  options: { asUser?: string } = {},
): Promise<string> {
  const [file, argv] =
    options.asUser && isRoot ? ['runuser', ['-u', options.asUser, '--', command, ...args]] : [command, args];
  try {
    const { stdout } = await execFileAsync(file, argv, { encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${command} ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

export async function commandExists(command: string): Promise<boolean> {
  try {
    await execFileAsync('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temporary file for an upload that arrives as JSON rows or from the command line. */
export function tempFile(content: string | Buffer): string {
  const p = path.join(os.tmpdir(), `obs-upload-${crypto.randomUUID()}`);
  fs.writeFileSync(p, content);
  return p;
}

// Everything printed or written for people passes through here: phone numbers are masked
// (`010-1234-5678` → `010-****-5678`) and passwords never appear — in a URL (`postgres://me:****@db`), in
// `password=…`, or anywhere as the literal password of DATABASE_URL / PGPASSWORD (an error's cause may echo it).

import { maskPhonesInText } from '../transforms/mask-phone.ts';

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:)[^@\s]*@/gi;
const PASSWORD_SETTING = /\b(password\s*[=:]\s*)('[^']*'|"[^"]*"|[^\s,;&]+)/gi;
/** Shorter secrets would mask ordinary text; the URL pattern still hides them where they appear in a URL. */
const MIN_SECRET_LENGTH = 4;

/** `scheme://user:password@rest` or `user:password@rest` (the password may itself hold `@`); null without a password. */
const CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/)?([^:@/\s]*):(?!\/\/)(.*)@([^@]*)$/i;

/** `postgres://user:secret@host/db` → `postgres://user:****@host/db`; also without a scheme (`user:secret@host`). */
export function maskUrl(url: string): string {
  const match = CREDENTIALS.exec(url);
  return match ? `${match[1] ?? ''}${match[2]}:****@${match[4]}` : url;
}

/** The passwords this process knows about, as written and percent-decoded. */
export function knownSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const secrets = new Set<string>();
  if (env.PGPASSWORD) secrets.add(env.PGPASSWORD);
  const password = CREDENTIALS.exec(env.DATABASE_URL?.trim() ?? '')?.[3];
  if (password) {
    secrets.add(password);
    try {
      secrets.add(decodeURIComponent(password));
    } catch {
      // not percent-encoded: the raw form is enough
    }
  }
  return [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[] = knownSecrets()): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('****');
  out = out.replace(URL_CREDENTIALS, '$1****@').replace(PASSWORD_SETTING, '$1****');
  return maskPhonesInText(out);
}

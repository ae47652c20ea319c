// The sign-off decision: do a pull request's reviews fill every required role with a current
// approval? This replaces the paper signatures of the SOP, so every review that does not count
// says why, in both languages. Pure: reviews, author, head commit and config are given.
//
// Rules, in the order they apply:
// 1. Only submitted reviews count; PENDING ones are drafts nobody else can see.
// 2. The author of the pull request cannot sign it.
// 3. Per reviewer, the latest review that is APPROVED, CHANGES_REQUESTED or DISMISSED is their
//    state. A later COMMENTED review does not cancel an approval: that is how GitHub itself
//    computes a reviewer's state ("Comment" submits feedback without approving or blocking).
// 4. With a head commit given, an approval of another commit does not count: the approver has
//    not seen what would be merged.
// 5. One person fills at most one role. People are assigned to roles so that as many roles as
//    possible are filled (a bipartite matching), since one person may hold several roles.
// Logins are compared case-insensitively, as GitHub does.
import type { Text } from '../core/model.ts';
import type { ApproversConfig } from './approvers.ts';

/** The fields of GitHub's "list reviews for a pull request" payload that the decision reads. */
export interface Review {
  id?: number;
  user: { login: string } | null;
  state: string;
  commit_id?: string | null;
  submitted_at?: string | null;
}

export interface SignoffInput {
  reviews: readonly Review[];
  author: string;
  /** When given, only approvals of this commit count. */
  headSha?: string;
  config: Pick<ApproversConfig, 'required' | 'roles'>;
}

export interface FilledRole {
  role: string;
  /** The login as the reviewer spelled it on GitHub. */
  login: string;
  reviewId?: number;
  commit?: string;
  submittedAt?: string;
}

export interface MissingRole {
  role: string;
  reason: Text;
}

export type IgnoredReason =
  | 'pending'
  | 'no-user'
  | 'author'
  | 'commented'
  | 'superseded'
  | 'dismissed'
  | 'changes-requested'
  | 'stale'
  | 'unknown-state'
  | 'no-role'
  | 'not-needed';

export interface IgnoredReview {
  login: string;
  reviewId?: number;
  state: string;
  reason: IgnoredReason;
  message: Text;
}

export interface SignoffDecision {
  ok: boolean;
  /** In the order of `required`. */
  filled: FilledRole[];
  missing: MissingRole[];
  /** Every review that did not end up signing, with its reason. */
  ignored: IgnoredReview[];
}

const DECISIVE = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);
const KNOWN_STATES = new Set([...DECISIVE, 'COMMENTED', 'PENDING']);

const key = (login: string) => login.toLowerCase();
const short = (sha: string) => sha.slice(0, 7);

/** Stable chronological order: GitHub lists reviews oldest first, but pages may be concatenated. */
function chronological(reviews: readonly Review[]): Review[] {
  return reviews
    .map((review, index) => ({ review, index }))
    .sort((a, b) => {
      const ta = a.review.submitted_at ? Date.parse(a.review.submitted_at) : Number.NaN;
      const tb = b.review.submitted_at ? Date.parse(b.review.submitted_at) : Number.NaN;
      if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
      return a.index - b.index;
    })
    .map((entry) => entry.review);
}

export function decideSignoff(input: SignoffInput): SignoffDecision {
  const { config } = input;
  const author = key(input.author);
  const headSha = input.headSha?.toLowerCase();
  const ignored: IgnoredReview[] = [];
  const ignore = (review: Review, reason: IgnoredReason, message: Text) =>
    ignored.push({ login: review.user?.login ?? '(deleted account)', ...(review.id !== undefined ? { reviewId: review.id } : {}), state: review.state, reason, message });

  // Rules 1-3: each reviewer's current state.
  const latest = new Map<string, Review>();
  for (const review of chronological(input.reviews)) {
    const state = review.state;
    if (state === 'PENDING') {
      ignore(review, 'pending', { en: 'pending review: not submitted yet', id: 'ulasan tertunda: belum dikirim' });
      continue;
    }
    if (!review.user) {
      ignore(review, 'no-user', { en: 'the reviewer account no longer exists', id: 'akun pengulas sudah tidak ada' });
      continue;
    }
    if (!KNOWN_STATES.has(state)) {
      ignore(review, 'unknown-state', { en: `unknown review state '${state}'`, id: `status ulasan '${state}' tidak dikenal` });
      continue;
    }
    if (key(review.user.login) === author) {
      ignore(review, 'author', {
        en: 'the author of the pull request cannot sign it',
        id: 'pembuat pull request tidak dapat menandatanganinya sendiri',
      });
      continue;
    }
    if (state === 'COMMENTED') {
      ignore(review, 'commented', {
        en: 'a comment neither approves nor withdraws an earlier approval',
        id: 'komentar tidak menyetujui dan tidak membatalkan persetujuan sebelumnya',
      });
      continue;
    }
    const previous = latest.get(key(review.user.login));
    if (previous) {
      ignore(previous, 'superseded', {
        en: `replaced by a later ${review.state} review of the same reviewer`,
        id: `digantikan oleh ulasan ${review.state} yang lebih baru dari pengulas yang sama`,
      });
    }
    latest.set(key(review.user.login), review);
  }

  // Rule 4: which reviewers currently approve the head commit.
  const approvals = new Map<string, Review>();
  for (const [login, review] of latest) {
    if (review.state === 'DISMISSED') {
      ignore(review, 'dismissed', { en: 'the approval was dismissed', id: 'persetujuan telah dibatalkan (dismissed)' });
    } else if (review.state === 'CHANGES_REQUESTED') {
      ignore(review, 'changes-requested', { en: 'the reviewer requests changes', id: 'pengulas meminta perubahan' });
    } else if (headSha && review.commit_id?.toLowerCase() !== headSha) {
      const seen = review.commit_id ? short(review.commit_id) : '?';
      ignore(review, 'stale', {
        en: `approved commit ${seen}, not the current head ${short(headSha)}: approve again after the last push`,
        id: `menyetujui commit ${seen}, bukan head terbaru ${short(headSha)}: setujui ulang setelah push terakhir`,
      });
    } else {
      approvals.set(login, review);
    }
  }

  // Rule 5: assign approvers to required roles, one role each, filling as many roles as possible.
  const holders = new Map<string, Set<string>>();
  for (const role of config.required) holders.set(role, new Set((config.roles[role] ?? []).map(key)));
  const candidates = (role: string) => [...approvals.keys()].filter((login) => holders.get(role)?.has(login)).sort();
  const assignment = maximumMatching(config.required, candidates);

  const signedBy = new Map<string, string>();
  for (const [role, login] of assignment) signedBy.set(login, role);
  for (const [login, review] of approvals) {
    if (signedBy.has(login)) continue;
    const roles = config.required.filter((role) => holders.get(role)?.has(login));
    if (roles.length === 0) {
      ignore(review, 'no-role', {
        en: `holds none of the required roles (${config.required.join(', ')})`,
        id: `tidak memegang peran wajib mana pun (${config.required.join(', ')})`,
      });
    } else {
      const by = roles.map((role) => `${role}: ${displayLogin(approvals, assignment.get(role))}`).join(', ');
      ignore(review, 'not-needed', {
        en: `every role this person holds is already signed (${by})`,
        id: `semua peran yang dipegang orang ini sudah ditandatangani (${by})`,
      });
    }
  }

  const filled: FilledRole[] = [];
  const missing: MissingRole[] = [];
  for (const role of config.required) {
    const login = assignment.get(role);
    if (login) {
      const review = approvals.get(login)!;
      filled.push({
        role,
        login: review.user!.login,
        ...(review.id !== undefined ? { reviewId: review.id } : {}),
        ...(review.commit_id ? { commit: review.commit_id } : {}),
        ...(review.submitted_at ? { submittedAt: review.submitted_at } : {}),
      });
    } else {
      missing.push({ role, reason: whyMissing(role, holders.get(role) ?? new Set(), approvals, assignment, author) });
    }
  }
  return { ok: missing.length === 0, filled, missing, ignored };
}

function displayLogin(approvals: Map<string, Review>, login: string | undefined): string {
  return login ? (approvals.get(login)?.user?.login ?? login) : '-';
}

function whyMissing(role: string, holders: Set<string>, approvals: Map<string, Review>, assignment: Map<string, string>, author: string): Text {
  const busy = [...holders].filter((login) => approvals.has(login));
  if (busy.length > 0) {
    const roles = busy.map((login) => {
      const other = [...assignment].find(([, who]) => who === login)?.[0] ?? '?';
      return `${displayLogin(approvals, login)} (${other})`;
    });
    return {
      en: `its approvers already sign another role: ${roles.join(', ')}; one person signs one role`,
      id: `penyetujunya sudah menandatangani peran lain: ${roles.join(', ')}; satu orang satu peran`,
    };
  }
  const eligible = [...holders].filter((login) => login !== author).sort();
  if (eligible.length === 0) {
    return {
      en: 'only the author holds this role; another holder must be added to .github/approvers.yaml',
      id: 'hanya pembuat PR yang memegang peran ini; tambahkan pemegang lain di .github/approvers.yaml',
    };
  }
  return {
    en: `no current approval from ${eligible.join(', ')}`,
    id: `belum ada persetujuan terkini dari ${eligible.join(', ')}`,
  };
}

/**
 * Kuhn's augmenting-path matching of roles to people. Roles are tried in the configured order and
 * people in login order, so the same reviews always give the same assignment.
 */
export function maximumMatching(roles: readonly string[], candidates: (role: string) => string[]): Map<string, string> {
  const roleOf = new Map<string, string>();
  const tryAssign = (role: string, visited: Set<string>): boolean => {
    for (const person of candidates(role)) {
      if (visited.has(person)) continue;
      visited.add(person);
      const current = roleOf.get(person);
      if (current === undefined || tryAssign(current, visited)) {
        roleOf.set(person, role);
        return true;
      }
    }
    return false;
  };
  for (const role of roles) tryAssign(role, new Set());
  const personOf = new Map<string, string>();
  for (const [person, role] of roleOf) personOf.set(role, person);
  return personOf;
}

// ---------------------------------------------------------------- formatting

export function formatSignoffText(decision: SignoffDecision, lang: keyof Text): string {
  const words = lang === 'id'
    ? { ok: 'Tanda tangan lengkap', notOk: 'Tanda tangan belum lengkap', signed: 'ditandatangani oleh', missing: 'belum ada', ignored: 'Ulasan yang tidak dihitung' }
    : { ok: 'Sign-off complete', notOk: 'Sign-off incomplete', signed: 'signed by', missing: 'missing', ignored: 'Reviews not counted' };
  const lines = [decision.ok ? `${words.ok}.` : `${words.notOk}.`];
  for (const f of decision.filled) lines.push(`  ✔ ${f.role}: ${words.signed} ${f.login}${f.commit ? ` (${short(f.commit)})` : ''}`);
  for (const m of decision.missing) lines.push(`  ✘ ${m.role}: ${words.missing}: ${m.reason[lang]}`);
  if (decision.ignored.length > 0) {
    lines.push('', `${words.ignored}:`);
    for (const i of decision.ignored) lines.push(`  - ${i.login} ${i.state}${i.reviewId !== undefined ? ` #${i.reviewId}` : ''}: ${i.message[lang]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Both languages: the job summary is read by the OPD team and the division alike. */
export function formatSignoffMarkdown(decision: SignoffDecision): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [
    decision.ok
      ? '### ✅ Tanda tangan lengkap / Sign-off complete'
      : '### ❌ Tanda tangan belum lengkap / Sign-off incomplete',
    '',
    '| Peran / Role | Status |',
    '| --- | --- |',
    ...decision.filled.map((f) => `| ${cell(f.role)} | ✔ @${cell(f.login)}${f.commit ? ` (${short(f.commit)})` : ''} |`),
    ...decision.missing.map((m) => `| ${cell(m.role)} | ✘ ${cell(m.reason.id)} / ${cell(m.reason.en)} |`),
  ];
  if (decision.ignored.length > 0) {
    lines.push('', '<details><summary>Ulasan yang tidak dihitung / Reviews not counted</summary>', '');
    lines.push('| Pengulas / Reviewer | Status | Alasan / Reason |', '| --- | --- | --- |');
    for (const i of decision.ignored) lines.push(`| ${cell(i.login)} | ${cell(i.state)} | ${cell(i.message.id)} / ${cell(i.message.en)} |`);
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

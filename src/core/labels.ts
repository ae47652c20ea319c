// Why a string is not a valid DNS label (RFC 1123), in words an OPD team can act on.
import type { Text } from './model.ts';
import { describeChar } from './diagnostics.ts';

export interface LabelProblem {
  code: string;
  message: Text;
  hint: Text;
}

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && LABEL.test(value);
}

/**
 * An A-label (RFC 5890): the ASCII form of an internationalised name, shown by browsers in its
 * Unicode form, where look-alike letters can imitate another name.
 */
export function isPunycode(label: string): boolean {
  return label.toLowerCase().startsWith('xn--');
}

/** The first reason the value is not a lowercase RFC 1123 label, or undefined when it is one. */
export function explainLabel(value: string): LabelProblem | undefined {
  if (isDnsLabel(value)) return undefined;
  const allowed: Text = {
    en: 'use lowercase letters a-z, digits and hyphens, starting and ending with a letter or digit',
    id: 'gunakan huruf kecil a-z, angka dan tanda hubung, diawali dan diakhiri huruf atau angka',
  };
  if (value.length === 0) {
    return { code: 'KLK213', message: { en: 'is empty', id: 'kosong' }, hint: allowed };
  }
  if (value.length > 63) {
    return {
      code: 'KLK212',
      message: { en: `is ${value.length} characters long; a DNS label has at most 63`, id: `panjangnya ${value.length} karakter; label DNS paling banyak 63` },
      hint: { en: 'choose a shorter name', id: 'pilih nama yang lebih pendek' },
    };
  }
  const bad = [...value].find((ch) => !/[a-zA-Z0-9-]/.test(ch));
  if (bad !== undefined) {
    const why: Record<string, Text> = {
      '.': { en: 'a dot makes a deeper subdomain; one label only', id: 'titik membuat subdomain bertingkat; hanya satu label' },
      '*': { en: 'wildcards are not allowed', id: 'wildcard tidak diizinkan' },
      _: { en: 'underscores are not allowed in host names', id: 'garis bawah tidak diizinkan pada nama host' },
    };
    const reason = why[bad] ?? { en: 'only a-z, 0-9 and - are allowed', id: 'hanya a-z, 0-9 dan - yang diizinkan' };
    return {
      code: 'KLK213',
      message: {
        en: `contains ${describeChar(bad)}: ${reason.en}`,
        id: `mengandung ${describeChar(bad)}: ${reason.id}`,
      },
      hint: allowed,
    };
  }
  if (value !== value.toLowerCase()) {
    return {
      code: 'KLK210',
      message: { en: 'has uppercase letters', id: 'mengandung huruf besar' },
      hint: { en: `write it in lowercase: ${value.toLowerCase()}`, id: `tulis dengan huruf kecil: ${value.toLowerCase()}` },
    };
  }
  return {
    code: 'KLK211',
    message: { en: 'starts or ends with a hyphen', id: 'diawali atau diakhiri tanda hubung' },
    hint: { en: `remove the hyphen: ${value.replace(/^-+|-+$/g, '') || 'name'}`, id: `hapus tanda hubungnya: ${value.replace(/^-+|-+$/g, '') || 'nama'}` },
  };
}

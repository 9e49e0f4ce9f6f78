// "a" or "an" before a word, by how the word sounds, and the message texts of a source file.
import ts from 'typescript';

/** Letters whose name starts with a vowel sound: an HTTP, an SDK, an IP, an RFC, but a URL. */
const VOWEL_SOUND_LETTERS = new Set('AEFHILMNORSX');
/** Words spelled with a vowel that start with a consonant sound (a user, a one-line), and the reverse (an hour). */
const CONSONANT_SOUND_VOWELS = /^(uni|uint|use|usa|usu|ut[fi]|uuid|url|one\b|once\b|eu)/i;
/** Capitals read as a word, not letter by letter: a NUL byte, a SET command. */
const READ_AS_WORDS = /^(NUL|NULL|SET|GET|POST|PUT|PATCH|DELETE|NOT)\b/;
/** Also a URL scheme in lower case, read letter by letter: an http(s) URL. */
const VOWEL_SOUND_CONSONANTS = /^(hour|honest|honou?r|heir|https?\b)/i;

/** The article the word takes, or undefined when the word is not one to judge (punctuation, a placeholder). */
export function articleFor(word: string): 'a' | 'an' | undefined {
  const bare = word.replace(/^[`'"“‘(*_]+/, '');
  if (bare === '') return undefined;
  if (/^\d/.test(bare)) return /^(8|11|18)(\D|$)|^8\d/.test(bare) ? 'an' : 'a';
  // An acronym is read letter by letter: its first letter's name decides.
  if (/^[A-Z][A-Z0-9]+\b/.test(bare) && !READ_AS_WORDS.test(bare))
    return VOWEL_SOUND_LETTERS.has(bare[0]!) ? 'an' : 'a';
  if (!/^[a-z]/i.test(bare)) return undefined;
  if (CONSONANT_SOUND_VOWELS.test(bare)) return 'a';
  if (VOWEL_SOUND_CONSONANTS.test(bare)) return 'an';
  return /^[aeiou]/i.test(bare) ? 'an' : 'a';
}

/**
 * Every wrong article in `text`: "a undefined", "a application/json", "an bot". `«value»` marks a
 * value put into the text; an article right before one is always reported, as no article fits
 * every value ("a «value»" reads "a undefined", "a application/json").
 */
export function articleMistakes(text: string): string[] {
  const mistakes: string[] = [];
  for (const match of text.matchAll(/(?<![\w'’-])(a|an|A|An)\s+(«value»|[^\s]+)/g)) {
    const [phrase, article, word] = match as unknown as [string, string, string];
    if (word === '«value»') {
      mistakes.push(`${phrase} (an article before a value)`);
      continue;
    }
    const expected = articleFor(word);
    if (expected !== undefined && expected !== article.toLowerCase()) mistakes.push(phrase);
  }
  return mistakes;
}

/** The text of every string and template literal of a TypeScript file, a template's values written `«value»`. */
export function messageTexts(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const texts: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      // Module specifiers and the like are not messages; a message has words.
      if (!ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent)) texts.push(node.text);
    } else if (ts.isTemplateExpression(node)) {
      texts.push(node.head.text + node.templateSpans.map((span) => `«value»${span.literal.text}`).join(''));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return texts.filter((text) => /\s/.test(text));
}

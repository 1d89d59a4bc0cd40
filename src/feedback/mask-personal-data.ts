// Feedback is anonymous: the site asks readers not to give personal details, and the bot masks the ones
// they give anyway (an address or a phone number typed into a search or a comment) before storing.

/** `text` with e-mail addresses replaced by `[email]` and phone-like digit runs by `[number]`. */
export function maskPersonalData(text: string): string {
  return text.replace(/\S+@\S+/g, '[email]').replace(/\+?\d[\d\s().-]{5,}\d/g, '[number]');
}

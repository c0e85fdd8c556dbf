/**
 * What makes a password acceptable: 8 to 128 characters (the schema), and not one that attackers try
 * first. The list holds the most common passwords of public breach corpora that meet the length rule.
 */
const COMMON = new Set(
  `password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword 12345678
  123456789 1234567890 0123456789 87654321 11111111 00000000 12341234 12344321 11223344 abcd1234
  1q2w3e4r 1qaz2wsx qwertyui qwerty12 qwerty123 qwertyuiop asdfghjk asdfasdf zxcvbnm1 iloveyou
  iloveyou1 princess sunshine football baseball superman starwars whatever trustno1 letmein1
  welcome1 welcome123 admin123 administrator changeme changeme1 computer internet michelle
  jennifer 1234qwer qwer1234 q1w2e3r4 aa123456 abc12345 abcdefgh monkey12 dragon12 master12
  shadow12 secret12 secret123 access14 mustang1 freedom1 charlie1 letmein123 passpass testtest
  test1234 default1 guest123 user1234 login123 summer2024 winter2024 spring2024 autumn2024
  summer2025 winter2025 123123123 987654321 qazwsxedc zaq12wsx`.split(/\s+/),
);

export function passwordProblem(
  password: string,
  email: string,
  businessName: string,
): string | null {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'is one of the most common passwords; choose another';
  if (lower === email.toLowerCase() || lower === email.split('@')[0]?.toLowerCase()) {
    return 'must not be your e-mail address';
  }
  if (lower === businessName.trim().toLowerCase()) return 'must not be your business name';
  if (new Set(password).size < 3) return 'needs more than two different characters';
  return null;
}

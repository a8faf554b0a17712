/**
 * A DNS answer as text. `[BODY]` of a dns check is the last answer's value, as Gatus
 * makes it: an A or AAAA address, a CNAME, NS or PTR target and an MX exchange as a
 * fully qualified name with its trailing dot. The other types (and the evidence of
 * every answer) read in zone-file presentation form: `TXT "v=spf1 -all"`,
 * `SRV 10 5 5060 sip.example.org.`, `SOA ...`, `CAA 0 issue "letsencrypt.org"`.
 */
import type { Answer } from 'dns-packet';

const fqdn = (name: string): string => (name.endsWith('.') ? name : `${name}.`);
const quoted = (text: string): string => JSON.stringify(text);

/** The value Gatus puts into `[BODY]` for this answer. */
export function answerValue(answer: Answer): string {
  switch (answer.type) {
    case 'A':
    case 'AAAA':
      return String(answer.data);
    case 'CNAME':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      return fqdn(String(answer.data));
    case 'MX':
      return fqdn(answer.data.exchange);
    case 'TXT': {
      const parts = Array.isArray(answer.data) ? answer.data : [answer.data];
      return parts.map((part) => (Buffer.isBuffer(part) ? part.toString('utf8') : String(part))).join('');
    }
    default:
      return presentation(answer);
  }
}

/** The answer's record data in presentation form. */
function presentation(answer: Answer): string {
  switch (answer.type) {
    case 'MX':
      return `${answer.data.preference ?? 0} ${fqdn(answer.data.exchange)}`;
    case 'TXT': {
      const parts = Array.isArray(answer.data) ? answer.data : [answer.data];
      return parts.map((part) => quoted(Buffer.isBuffer(part) ? part.toString('utf8') : String(part))).join(' ');
    }
    case 'SRV':
      return `${answer.data.priority ?? 0} ${answer.data.weight ?? 0} ${answer.data.port} ${fqdn(answer.data.target)}`;
    case 'SOA': {
      const d = answer.data;
      return `${fqdn(d.mname)} ${fqdn(d.rname)} ${d.serial ?? 0} ${d.refresh ?? 0} ${d.retry ?? 0} ${d.expire ?? 0} ${d.minimum ?? 0}`;
    }
    case 'CAA':
      return `${answer.data.flags ?? 0} ${answer.data.tag} ${quoted(answer.data.value)}`;
    default:
      return answerValue(answer);
  }
}

/** `TYPE value` for the evidence: every answer, in the order received. */
export function answerText(answer: Answer): string {
  return `${answer.type} ${presentation(answer)}`;
}

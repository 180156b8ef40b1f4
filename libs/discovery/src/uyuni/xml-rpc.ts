import { XMLParser } from 'fast-xml-parser';

/**
 * The small part of XML-RPC that Uyuni's API needs: a call with string, int, boolean and array
 * parameters, and a response of scalars, arrays and structs (or a fault).
 */
export type RpcValue = string | number | boolean | null | RpcValue[] | { [key: string]: RpcValue };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function encodeValue(v: RpcValue): string {
  if (Array.isArray(v)) return `<array><data>${v.map((x) => `<value>${encodeValue(x)}</value>`).join('')}</data></array>`;
  if (typeof v === 'number') return Number.isInteger(v) ? `<int>${v}</int>` : `<double>${v}</double>`;
  if (typeof v === 'boolean') return `<boolean>${v ? 1 : 0}</boolean>`;
  if (v === null) return '<nil/>';
  if (typeof v === 'object')
    return `<struct>${Object.entries(v)
      .map(([k, x]) => `<member><name>${escape(k)}</name><value>${encodeValue(x)}</value></member>`)
      .join('')}</struct>`;
  return `<string>${escape(v)}</string>`;
}

export function encodeCall(method: string, params: RpcValue[]): string {
  return `<?xml version="1.0"?><methodCall><methodName>${escape(method)}</methodName><params>${params.map((p) => `<param><value>${encodeValue(p)}</value></param>`).join('')}</params></methodCall>`;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name, jpath) => name === 'member' || (name === 'value' && String(jpath).endsWith('data.value')),
});

type Node = Record<string, unknown>;

function decodeValue(node: unknown): RpcValue {
  if (typeof node === 'string') return node; // <value>text</value> is a string
  if (node === undefined || node === null || node === '') return '';
  const n = node as Node;
  if ('string' in n) return typeof n.string === 'string' ? n.string : '';
  if ('int' in n || 'i4' in n || 'i8' in n) return Number.parseInt(String(n.int ?? n.i4 ?? n.i8), 10);
  if ('double' in n) return Number(n.double);
  if ('boolean' in n) return String(n.boolean).trim() === '1';
  if ('nil' in n) return null;
  if ('dateTime.iso8601' in n) return String(n['dateTime.iso8601']);
  if ('array' in n) {
    const array = n.array && typeof n.array === 'object' ? (n.array as Node) : {};
    const data = array.data as Node | '' | undefined;
    const values = data && typeof data === 'object' ? ((data.value as unknown[]) ?? []) : [];
    return values.map(decodeValue);
  }
  if ('struct' in n) {
    const out: { [key: string]: RpcValue } = {};
    const members = n.struct && typeof n.struct === 'object' ? (((n.struct as Node).member as Node[]) ?? []) : [];
    for (const m of members) out[String(m.name)] = decodeValue(m.value);
    return out;
  }
  return '';
}

/** Decodes a methodResponse; a fault becomes an error carrying Uyuni's message. */
export function decodeResponse(xml: string): RpcValue {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new Error(`invalid XML-RPC response: ${(err as Error).message}`);
  }
  const response = doc.methodResponse as Node | undefined;
  if (!response) throw new Error('invalid XML-RPC response: no methodResponse');
  if (response.fault) {
    const fault = decodeValue((response.fault as Node).value) as { faultCode?: number; faultString?: string };
    throw new Error(`XML-RPC fault ${fault.faultCode ?? ''}: ${fault.faultString ?? ''}`.trim());
  }
  const param = ((response.params as Node)?.param as Node) ?? {};
  return decodeValue(param.value);
}

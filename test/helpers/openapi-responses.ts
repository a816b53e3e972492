/**
 * Checks real answers against /openapi.json: finds the response the document declares for a status (the
 * exact code, else `4XX`/`5XX`, else `default`) and validates the body with ajv (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1) against it, `$ref`s to the document's components included.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, unknown>;
}
interface Operation {
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

export const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `GET /calls/{token}` → "get /calls/{token}": one name per documented operation. */
export function operationsOf(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    OPERATION_METHODS.filter((method) => item[method]).map((method) => `${method} ${path}`),
  );
}

export class ResponseChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats.default(this.ajv);
    // The components under the document's own URI, so `#/components/...` references resolve.
    this.ajv.addSchema({ $id: 'openapi.json', components: document.components ?? {} });
  }

  /** Null when the answer matches the document; otherwise what is wrong. */
  check(operation: string, status: number, contentType: string | null, body: unknown): string | null {
    const [method = '', path = ''] = operation.split(' ');
    const responses = this.document.paths[path]?.[method]?.responses;
    if (!responses) return `${operation} is not documented`;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key) return `${operation}: status ${status} is not documented`;
    const content = responses[key]?.content;
    if (!content) return body === undefined || body === '' ? null : `${operation} ${status}: no body documented`;
    const mediaType = (contentType ?? '').split(';')[0]?.trim() ?? '';
    const declared = content[mediaType];
    if (!declared) return `${operation} ${status}: ${mediaType || 'no content type'} is not documented`;
    const id = `${operation} ${key} ${mediaType}`;
    let validate = this.compiled.get(id);
    if (!validate) {
      validate = this.ajv.compile(rebase(declared.schema) as object);
      this.compiled.set(id, validate);
    }
    if (validate(body)) return null;
    return `${operation} ${status}: ${this.ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`;
  }
}

/** `#/components/…` → `openapi.json#/components/…`, so a schema compiled alone finds the components. */
function rebase(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/components/', '"$ref":"openapi.json#/components/'));
}

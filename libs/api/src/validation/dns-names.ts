// k8s.io/apimachinery/pkg/util/validation name checks, with the exact messages they return.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const DNS1123_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function maxLength(value: string, max: number): string[] {
  return value.length > max ? [`must be no more than ${max} characters`] : [];
}

export function isDns1123Label(value: string): string[] {
  return [...maxLength(value, 63), ...(DNS1123_LABEL.test(value) ? [] : [DNS1123_LABEL_MESSAGE])];
}

export function isDns1123Subdomain(value: string): string[] {
  return [...maxLength(value, 253), ...(DNS1123_SUBDOMAIN.test(value) ? [] : [DNS1123_SUBDOMAIN_MESSAGE])];
}

export function isDns1035Label(value: string): string[] {
  return [...maxLength(value, 63), ...(DNS1035_LABEL.test(value) ? [] : [DNS1035_LABEL_MESSAGE])];
}

/** validation.IsQualifiedName: `[prefix/]name`, used for revision and configuration references. */
export function isQualifiedName(value: string): string[] {
  const parts = value.split('/');
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length > 2)
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    ];
  const errs: string[] = [];
  if (parts.length === 2 && isDns1123Subdomain(parts[0]).length > 0)
    errs.push('prefix part ' + DNS1123_SUBDOMAIN_MESSAGE);
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME_PART.test(name))
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
  return errs;
}

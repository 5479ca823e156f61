/** The URL a fetch was called with, whatever form it came in (string, URL or Request). */
export function requestUrl(input: string | URL | Request): string {
  return input instanceof Request ? input.url : input.toString();
}

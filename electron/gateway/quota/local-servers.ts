// A model server on this machine (Ollama, LM Studio, llama.cpp, vLLM on loopback) has no
// balance to run out of: it is always available as far as quotas go.
const OLLAMA_PORT = '11434';

export function isLocalBaseUrl(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0') return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(host)) return true;
  return url.port === OLLAMA_PORT;
}

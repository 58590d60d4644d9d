// Text analysis's public surface.
export { createAnalyzer, acronymOf, AnalyzerConfigError, type Analyzer, type AnalyzedPaper, type AnalyzedText } from './analyzer.js';
export { normalizeText, normalizeName } from './normalize.js';

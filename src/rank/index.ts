// The ranker's public surface: corpus stats, one-profile and many-profile ranking, explanations, suggestions.
export { buildCorpusStats, idf, statsFromJson, statsToJson, type CorpusStats, type CorpusStatsJson } from './stats.js';
export { compileProfile, compileTerm, termLabel, type CompiledProfile, type CompiledTerm } from './compile.js';
export { rankPapers, scorePaper, compareRanked, type RankOptions } from './rank.js';
export { rankMany, type RankManyOptions } from './many.js';
export { createRankPool, type RankPool, type RankPoolOptions } from './pool.js';
export { explain } from './explain.js';
export { suggestProfile } from './suggest.js';

// The profile language's public surface.
export * from './profile.js';
export { parseProfile, validateProfile } from './parse.js';
export { formatProfile, termSource, termIdentity } from './format.js';
export { removeTerms, mergeProfiles } from './edit.js';

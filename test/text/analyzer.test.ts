import { describe, expect, it } from 'vitest';
import { acronymOf, AnalyzerConfigError, createAnalyzer, type Analyzer } from '../../src/text/analyzer.js';
import { normalizeName, normalizeText } from '../../src/text/normalize.js';
import { termFrequency } from '../../src/rank/score.js';

/** How often a profile word/phrase occurs in a text, through the same matching the ranker uses. */
function count(analyzer: Analyzer, profileTerm: string, text: string): number {
  return termFrequency(analyzer.analyze(text), analyzer.query(profileTerm).alternatives);
}

describe('case, plurals and stems', () => {
  const a = createAnalyzer();
  it('matches across case, plurals and inflections', () => {
    expect(count(a, 'network', 'Deep Networks for networking')).toBe(2);
    expect(count(a, 'segmentation', 'We segment images; segmentations and Segmentation')).toBe(3);
    expect(count(a, 'diffusion', 'Diffusion models diffuse')).toBe(2);
    expect(count(a, 'learning', 'learned learners learn')).toBe(2);
  });
  it('drops stopwords as words but keeps their places', () => {
    const t = a.analyze('The field of the view');
    expect(t.length).toBe(5);
    expect(t.keys.get('field')).toEqual([1]);
    expect(t.keys.get('view')).toEqual([4]);
  });
  it('caches stems per analyzer', () => {
    expect(a.stem('Networks')).toBe('network');
    expect(a.stem('networks')).toBe(a.stem('NETWORKS'));
  });
});

describe('hyphenated and joined forms', () => {
  const a = createAnalyzer();
  it('self-supervised = self supervised = selfsupervised, whichever way the profile writes it', () => {
    for (const term of ['self-supervised', '"self supervised"', 'selfsupervised']) {
      const q = term.replace(/"/g, '');
      expect(count(a, q, 'A Self-Supervised method')).toBe(1);
      expect(count(a, q, 'a self supervised method')).toBe(1);
      expect(count(a, q, 'a selfsupervised method')).toBe(1);
    }
  });
  it('counts a compound once even though it matches as parts and joined', () => {
    expect(count(a, 'self-supervised', 'self-supervised and self supervised and selfsupervised')).toBe(3);
  });
  it('multi-part compounds and phrases across hyphens', () => {
    expect(count(a, '"state of the art"', 'state-of-the-art results')).toBe(1);
    expect(count(a, 'state-of-the-art', 'the state of the art')).toBe(1);
    expect(count(a, '"multi view stereo"', 'Multi-View Stereo')).toBe(1);
  });
  it('a long joined profile word also matches its two halves', () => {
    expect(count(a, 'hypergraph', 'a hyper graph, a hyper-graph, a hypergraph')).toBe(3);
    expect(count(a, 'pretraining', 'pre training')).toBe(1);
    expect(count(a, 'understand', 'under stand')).toBe(0);
  });
  it('does not match a hyphenated word from unrelated neighbours', () => {
    expect(count(a, 'self-supervised', 'self and supervised')).toBe(0);
  });
});

describe('LaTeX and unicode in titles', () => {
  const a = createAnalyzer();
  it('normalizes LaTeX markup', () => {
    expect(normalizeText('$\\mathcal{G}$-softmax')).toBe('G-softmax');
    expect(normalizeText('R$^2$-CNN')).toBe('R2-CNN');
    expect(normalizeText('$\\text{POINT}^2$')).toBe('POINT2');
    expect(normalizeText('Cross-Channel Image Completion\\\\with Hide')).toBe('Cross-Channel Image Completion with Hide');
    expect(normalizeText('$\\alpha$-stable and $L_\\infty$').trim()).toBe('alpha-stable and L');
    expect(normalizeText("Fr\\'echet")).toBe('Frechet');
  });
  it('folds unicode: accents, Greek letters, ligatures, unicode hyphens', () => {
    expect(normalizeText('LumièreNet Fréchet')).toBe('LumiereNet Frechet');
    expect(normalizeText('$ρ$-VAE and Σ-net')).toBe('rho-VAE and Sigma-net');
    expect(normalizeText('eﬃcient ﬁne-tuning')).toBe('efficient fine-tuning');
    expect(normalizeText('self\u2010supervised')).toBe('self-supervised');
  });
  it('matches words inside LaTeX and accented titles', () => {
    expect(count(a, 'softmax', '$\\mathcal{G}$-softmax: Improving Intra-class Compactness')).toBe(1);
    expect(count(a, 'R2-CNN', 'R$^2$-CNN: Fast Tiny Object Detection')).toBe(1);
    expect(count(a, 'VAE', '$ρ$-VAE: Autoregressive parametrization of the VAE encoder')).toBe(2);
    expect(count(a, 'rho', '$\\rho$-VAE')).toBe(1);
    expect(count(a, 'frechet', 'SurReal: Fréchet Mean')).toBe(1);
    expect(count(a, 'Fréchet', 'SurReal: Frechet Mean')).toBe(1);
  });
  it('normalizes author names', () => {
    expect(normalizeName('Matthias Nießner')).toBe('matthias niessner');
    expect(normalizeName('Søren Hauberg, Łukasz')).toBe('soren hauberg lukasz');
    expect(normalizeName('and Laurent Wendling (LIPADE)')).toBe('laurent wendling');
    expect(normalizeName('Gül  Varol')).toBe('gul varol');
  });
});

describe('short acronyms kept intact and matched exactly', () => {
  const a = createAnalyzer();
  it('recognizes acronyms and their plurals', () => {
    expect(['NeRF', 'ViT', 'SLAM', '3D', 'GAN', 'GANs', 'ViTs', 'CNNs', '6DoF', 'VOS'].map(acronymOf)).toEqual([
      'nerf', 'vit', 'slam', '3d', 'gan', 'gan', 'vit', 'cnn', '6dof', 'vos',
    ]);
    expect(['Network', 'network', '2021', 'a', 'Transformers'].map(acronymOf)).toEqual([null, null, null, null, null]);
  });
  it('an acronym written as one matches only that acronym, not the English word', () => {
    expect(count(a, 'SLAM', 'Visual-Inertial SLAM')).toBe(1);
    expect(count(a, 'SLAM', 'they slam the door; slammed')).toBe(0);
    expect(count(a, 'GAN', 'Conditional GANs and a GAN')).toBe(2);
    expect(count(a, 'ViT', 'ViTs beat vitamins')).toBe(1);
    expect(count(a, 'VOS', 'semi-supervised VOS')).toBe(1);
    expect(count(a, 'NeRF', 'NeRF: Representing Scenes; pixelNeRF')).toBe(1);
    expect(count(a, '3D', '3D shapes from 2D images')).toBe(1);
  });
  it('a lowercase profile word still finds the acronym', () => {
    expect(count(a, 'nerf', 'NeRF in the Wild')).toBe(1);
    expect(count(a, 'gans', 'GANs and a GAN')).toBe(2);
    expect(count(a, '3d', '3D and 3-D')).toBe(2);
    expect(count(a, '3D', '3D and 3-D')).toBe(2);
  });
  it('joined acronyms: R-CNN = RCNN', () => {
    expect(count(a, 'R-CNN', 'Faster R-CNN and Mask RCNN')).toBe(2);
  });
});

describe('synonyms from config', () => {
  it('a synonym matches both ways and counts each occurrence once', () => {
    const a = createAnalyzer({ synonyms: { nerf: '"neural radiance field"' } });
    expect(count(a, 'nerf', 'Neural Radiance Fields for view synthesis')).toBe(1);
    expect(count(a, '"neural radiance fields"', 'NeRF in the wild')).toBe(1);
    expect(count(a, 'NeRF', 'NeRF: neural radiance fields')).toBe(2);
    expect(count(createAnalyzer(), 'nerf', 'Neural Radiance Fields')).toBe(0);
  });
  it('chains of synonyms form one group', () => {
    const a = createAnalyzer({ synonyms: { ViT: 'vision transformer', 'visual transformer': 'ViT' } });
    expect(count(a, 'vision transformer', 'a visual transformer')).toBe(1);
    expect(count(a, 'ViT', 'Vision Transformers')).toBe(1);
  });
  it('rejects a synonym side with no words, naming the entry', () => {
    expect(() => createAnalyzer({ synonyms: { nerf: '""' } })).toThrow(AnalyzerConfigError);
    expect(() => createAnalyzer({ synonyms: { 'the of': 'nerf' } })).toThrow(/synonym "the of" = "nerf"/);
  });
});

describe('texts analysed elsewhere (the rank pool analyses a day in its worker)', () => {
  const texts = ['The Self-Supervised NeRFs of state-of-the-art R2-CNN: learning, learned and learners', '', 'NeRF in the wild'];

  it('packed and unpacked, texts keep their keys and positions in the packing analyzer\'s key space', async () => {
    const { packTexts, unpackTexts } = await import('../../src/text/packed.js');
    // The packing analyzer has seen other texts first: its ids differ from a fresh one's.
    const packer = createAnalyzer();
    packer.analyze('wild learners of a different day');
    const { texts: unpacked, keys } = unpackTexts(structuredClone(packTexts(texts.map((t) => packer.analyze(t)), packer)));
    const plain = createAnalyzer();
    texts.forEach((text, t) => {
      const mine = plain.analyze(text);
      expect(unpacked[t]!.keys).toEqual(mine.keys);
      expect(unpacked[t]!.length).toBe(mine.length);
    });
    expect(keys.keyId('^nerf')).toBe(packer.keyId('^nerf'));
    expect(keys.keyId('wild')).toBe(packer.keyId('wild'));
    expect(keys.keyId('never seen')).toBe(-1);
    expect(keys.keyCount()).toBe(packer.keyCount());
  });

  it('moved into another key space, a text keeps its keys and positions, sorted by its new ids; new keys are added', async () => {
    const { packTexts, unpackTexts, moveText } = await import('../../src/text/packed.js');
    const space = createAnalyzer();
    const { keys } = unpackTexts(packTexts([space.analyze('wild learners in the wild, of a different day')], space));
    const before = keys.keyCount();
    const other = createAnalyzer();
    for (const text of texts) {
      const mine = other.analyze(text);
      const moved = moveText(mine, (id) => other.keyName(id), keys);
      expect(moved.keys).toEqual(mine.keys);
      expect(moved.length).toBe(mine.length);
      // Sorted by key id, then position, as the analyzer keeps them.
      for (let k = 1; k < moved.ids.length; k++) {
        const [a, b] = [moved.ids[k - 1]!, moved.ids[k]!];
        expect(a < b || (a === b && moved.at[k - 1]! < moved.at[k]!)).toBe(true);
      }
    }
    expect(keys.keyId('wild')).toBe(space.keyId('wild'));
    expect(keys.keyCount()).toBeGreaterThan(before);
    expect(keys.keyId('^nerf')).toBeGreaterThanOrEqual(before);
  });
});

/**
 * Vocabulary for the generated data set: pseudo-Latin filler (the same
 * flavour as jsonplaceholder's text), given and family names, places and
 * company jargon. Lists, not sentences: the generator combines them.
 */

export const LATIN = [
  'ab', 'accusamus', 'ad', 'adipisci', 'alias', 'aliquam', 'amet', 'animi', 'aperiam', 'architecto',
  'asperiores', 'aspernatur', 'assumenda', 'at', 'atque', 'aut', 'autem', 'beatae', 'blanditiis', 'commodi',
  'consectetur', 'consequatur', 'consequuntur', 'corporis', 'corrupti', 'culpa', 'cum', 'cumque', 'cupiditate', 'debitis',
  'delectus', 'deleniti', 'deserunt', 'dicta', 'dignissimos', 'distinctio', 'dolor', 'dolore', 'dolorem', 'doloremque',
  'dolores', 'doloribus', 'dolorum', 'ducimus', 'ea', 'eaque', 'earum', 'eius', 'eligendi', 'enim',
  'eos', 'error', 'esse', 'est', 'et', 'eum', 'eveniet', 'ex', 'excepturi', 'exercitationem',
  'expedita', 'explicabo', 'facere', 'facilis', 'fuga', 'fugiat', 'fugit', 'harum', 'hic', 'id',
  'illo', 'illum', 'impedit', 'in', 'incidunt', 'inventore', 'ipsa', 'ipsam', 'ipsum', 'iste',
  'itaque', 'iure', 'iusto', 'labore', 'laboriosam', 'laborum', 'laudantium', 'libero', 'magnam', 'magni',
  'maiores', 'maxime', 'minima', 'minus', 'modi', 'molestiae', 'molestias', 'mollitia', 'nam', 'natus',
  'necessitatibus', 'nemo', 'neque', 'nesciunt', 'nihil', 'nisi', 'nobis', 'non', 'nostrum', 'nulla',
  'numquam', 'obcaecati', 'odio', 'odit', 'officia', 'officiis', 'omnis', 'optio', 'pariatur', 'perferendis',
  'perspiciatis', 'placeat', 'porro', 'possimus', 'praesentium', 'provident', 'quae', 'quaerat', 'quam', 'quas',
  'quasi', 'qui', 'quia', 'quibusdam', 'quidem', 'quis', 'quisquam', 'quo', 'quod', 'quos',
  'ratione', 'recusandae', 'reiciendis', 'rem', 'repellat', 'repellendus', 'reprehenderit', 'repudiandae', 'rerum', 'saepe',
  'sapiente', 'sed', 'sequi', 'similique', 'sint', 'sit', 'soluta', 'sunt', 'suscipit', 'tempora',
  'tempore', 'temporibus', 'tenetur', 'totam', 'ullam', 'unde', 'ut', 'vel', 'velit', 'veniam',
  'veritatis', 'vero', 'vitae', 'voluptas', 'voluptate', 'voluptatem', 'voluptates', 'voluptatibus', 'voluptatum',
] as const;

export const GIVEN_NAMES = [
  'Amara', 'Bruno', 'Chidi', 'Dalia', 'Emeka', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jomo',
  'Kamala', 'Lior', 'Mireille', 'Njeri', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sefu', 'Tomasz',
  'Ulla', 'Vikram', 'Wanjiru', 'Xiomara', 'Yusuf', 'Zofia',
] as const;

export const FAMILY_NAMES = [
  'Achieng', 'Bergstrom', 'Castellanos', 'Dlamini', 'Eriksen', 'Fontaine', 'Gathoni', 'Haddad', 'Ibarra', 'Jankowski',
  'Kariuki', 'Lindqvist', 'Mwangi', 'Nakamura', 'Okafor', 'Petrov', 'Quispe', 'Rahman', 'Sorensen', 'Tanaka',
  'Urquhart', 'Valdivia', 'Wekesa', 'Xu', 'Yilmaz', 'Zamora',
] as const;

export const STREETS = ['Acacia', 'Baobab', 'Cedar', 'Jacaranda', 'Kilimanjaro', 'Lakeview', 'Moi', 'Ngong', 'Riverside', 'Uhuru'] as const;
export const STREET_KINDS = ['Avenue', 'Close', 'Crescent', 'Drive', 'Lane', 'Road', 'Street', 'Way'] as const;
export const CITIES = ['Eastbrook', 'Fairhaven', 'Greymouth', 'Highmoor', 'Kingsferry', 'Longvale', 'Northwick', 'Oakridge', 'Redcliff', 'Westmere'] as const;
export const TLDS = ['com', 'net', 'org', 'io', 'info', 'biz'] as const;

export const COMPANY_SUFFIXES = ['Group', 'LLC', 'Inc', 'and Sons', 'Partners', 'Labs'] as const;
export const BUZZ_ADJECTIVES = ['adaptive', 'balanced', 'cross-platform', 'decentralized', 'ergonomic', 'fault-tolerant', 'horizontal', 'integrated', 'modular', 'proactive', 'reactive', 'scalable'] as const;
export const BUZZ_NOUNS = ['architecture', 'benchmark', 'capability', 'framework', 'hierarchy', 'interface', 'middleware', 'paradigm', 'pipeline', 'toolset'] as const;
export const BS_VERBS = ['aggregate', 'cultivate', 'deliver', 'embrace', 'enable', 'harness', 'orchestrate', 'streamline', 'syndicate', 'transform'] as const;
export const BS_NOUNS = ['channels', 'communities', 'deliverables', 'e-markets', 'experiences', 'infrastructures', 'metrics', 'networks', 'platforms', 'supply-chains'] as const;

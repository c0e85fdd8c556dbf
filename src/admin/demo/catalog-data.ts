/** Word lists of the demo catalog. Changing them changes every generated product: keep them stable. */
export interface DemoCategoryData {
  readonly slug: string;
  readonly name: string;
  /** SKU prefix. */
  readonly code: string;
  readonly nouns: readonly string[];
  /** Materials, finishes or scents; stored as an attribute under `variantKey`. */
  readonly variants: readonly string[];
  readonly variantKey: string;
  readonly adjectives: readonly string[];
  /** Price range in whole euros. */
  readonly price: readonly [number, number];
  readonly blurbs: readonly string[];
}

// biome-ignore format: a data table reads better one category field per line
export const DEMO_CATEGORIES: readonly DemoCategoryData[] = [
  {
    slug: 'kitchen-dining',
    name: 'Kitchen & Dining',
    code: 'KIT',
    nouns: ['Chef Knife', 'Cutting Board', 'Saucepan', 'Frying Pan', 'Salad Bowl', 'Teapot', 'Pepper Mill', 'Serving Tray'],
    variants: ['Oak', 'Walnut', 'Stainless Steel', 'Cast Iron', 'Ceramic', 'Bamboo', 'Enamel', 'Copper'],
    variantKey: 'material',
    adjectives: ['Classic', 'Nordic', 'Rustic', 'Professional', 'Everyday', 'Heritage'],
    price: [6, 189],
    blurbs: ['Made for daily cooking and easy to clean.', 'Balanced, sturdy and pleasant to hold.', 'Looks as good on the table as in the kitchen.'],
  },
  {
    slug: 'home-decor',
    name: 'Home Decor',
    code: 'DEC',
    nouns: ['Table Lamp', 'Wall Clock', 'Vase', 'Throw Pillow', 'Candle Holder', 'Picture Frame', 'Wall Mirror', 'Plant Pot'],
    variants: ['Linen', 'Brass', 'Rattan', 'Glass', 'Terracotta', 'Velvet', 'Marble', 'Jute'],
    variantKey: 'material',
    adjectives: ['Modern', 'Vintage', 'Minimal', 'Boho', 'Coastal', 'Scandi'],
    price: [8, 249],
    blurbs: ['Adds warmth to any room.', 'A quiet accent that fits most interiors.', 'Hand-finished, so each piece is slightly unique.'],
  },
  {
    slug: 'garden-outdoor',
    name: 'Garden & Outdoor',
    code: 'GAR',
    nouns: ['Watering Can', 'Pruning Shears', 'Planter', 'Garden Hose', 'Bird Feeder', 'Lantern', 'Folding Chair', 'Hand Trowel'],
    variants: ['Galvanised Steel', 'Teak', 'Recycled Plastic', 'Aluminium', 'Willow', 'Zinc', 'Acacia', 'Powder-Coated Steel'],
    variantKey: 'material',
    adjectives: ['Weatherproof', 'Compact', 'Heavy-Duty', 'Cottage', 'Lightweight', 'Classic'],
    price: [7, 329],
    blurbs: ['Built to stay outside all season.', 'Rust-resistant and easy to store.', 'A small upgrade for balcony and garden alike.'],
  },
  {
    slug: 'electronics',
    name: 'Electronics',
    code: 'ELE',
    nouns: ['Wireless Headphones', 'Bluetooth Speaker', 'USB-C Charger', 'Power Bank', 'Smart Plug', 'HD Webcam', 'Mechanical Keyboard', 'Wireless Mouse'],
    variants: ['Matte Black', 'Arctic White', 'Graphite', 'Midnight Blue', 'Silver', 'Sand', 'Forest', 'Slate'],
    variantKey: 'finish',
    adjectives: ['Pro', 'Compact', 'Ultra', 'Studio', 'Travel', 'Smart'],
    price: [12, 899],
    blurbs: ['Two-year warranty and free firmware updates.', 'Connects in seconds and lasts all day.', 'Tested for thousands of charge cycles.'],
  },
  {
    slug: 'office-stationery',
    name: 'Office & Stationery',
    code: 'OFF',
    nouns: ['Notebook', 'Fountain Pen', 'Desk Organiser', 'Letter Tray', 'Desk Lamp', 'Weekly Planner', 'Pencil Case', 'Stapler'],
    variants: ['Recycled Paper', 'Leather', 'Cork', 'Aluminium', 'Felt', 'Beech', 'Steel', 'Canvas'],
    variantKey: 'material',
    adjectives: ['Classic', 'Slim', 'Executive', 'Studio', 'Pocket', 'Desk'],
    price: [4, 119],
    blurbs: ['Keeps the desk tidy and the mind clear.', 'Smooth to use, made to be used every day.', 'A thoughtful gift for colleagues.'],
  },
  {
    slug: 'sports-fitness',
    name: 'Sports & Fitness',
    code: 'SPO',
    nouns: ['Yoga Mat', 'Dumbbell Set', 'Water Bottle', 'Resistance Band', 'Jump Rope', 'Gym Bag', 'Foam Roller', 'Running Belt'],
    variants: ['Natural Rubber', 'Cork', 'Neoprene', 'Stainless Steel', 'Recycled Polyester', 'EVA Foam', 'Nylon', 'Cotton'],
    variantKey: 'material',
    adjectives: ['Performance', 'Eco', 'Pro', 'Travel', 'Essential', 'Active'],
    price: [5, 299],
    blurbs: ['Grippy, durable and easy to wipe down.', 'Designed with coaches for real training.', 'Light enough to take anywhere.'],
  },
  {
    slug: 'bags-accessories',
    name: 'Bags & Accessories',
    code: 'ACC',
    nouns: ['Backpack', 'Tote Bag', 'Wallet', 'Belt', 'Scarf', 'Cap', 'Sunglasses', 'Card Holder'],
    variants: ['Leather', 'Waxed Canvas', 'Wool', 'Organic Cotton', 'Recycled Nylon', 'Suede', 'Linen', 'Cork'],
    variantKey: 'material',
    adjectives: ['Urban', 'Classic', 'Weekend', 'Minimal', 'Heritage', 'Everyday'],
    price: [9, 259],
    blurbs: ['Ages beautifully with use.', 'Clean lines and sturdy stitching.', 'Roomy inside, slim outside.'],
  },
  {
    slug: 'toys-games',
    name: 'Toys & Games',
    code: 'TOY',
    nouns: ['Jigsaw Puzzle', 'Building Blocks', 'Board Game', 'Plush Bear', 'Kite', 'Wooden Train', 'Marble Run', 'Card Game'],
    variants: ['Beech Wood', 'Cardboard', 'Organic Cotton', 'Bioplastic', 'Felt', 'Maple', 'Ripstop Nylon', 'Paper'],
    variantKey: 'material',
    adjectives: ['Family', 'Junior', 'Classic', 'Deluxe', 'Adventure', 'Creative'],
    price: [5, 149],
    blurbs: ['Hours of play for the whole family.', 'Safety-tested and made without harmful dyes.', 'Encourages creativity and patience.'],
  },
  {
    slug: 'beauty-care',
    name: 'Beauty & Care',
    code: 'BEA',
    nouns: ['Hand Cream', 'Shampoo Bar', 'Face Serum', 'Bath Salts', 'Lip Balm', 'Body Lotion', 'Hair Brush', 'Soap Bar'],
    variants: ['Lavender', 'Rose', 'Sea Buckthorn', 'Eucalyptus', 'Shea Butter', 'Citrus', 'Chamomile', 'Unscented'],
    variantKey: 'scent',
    adjectives: ['Gentle', 'Nourishing', 'Natural', 'Daily', 'Soothing', 'Fresh'],
    price: [4, 79],
    blurbs: ['Vegan and never tested on animals.', 'Kind to sensitive skin.', 'Plastic-free packaging.'],
  },
  {
    slug: 'tools-diy',
    name: 'Tools & DIY',
    code: 'TOO',
    nouns: ['Screwdriver Set', 'Claw Hammer', 'Tape Measure', 'Spirit Level', 'Cordless Drill', 'Utility Knife', 'Socket Set', 'Bar Clamp'],
    variants: ['Chrome Vanadium', 'Fibreglass', 'Hardened Steel', 'Aluminium', 'Hickory', 'Carbon Steel', 'Rubber Grip', 'Titanium'],
    variantKey: 'material',
    adjectives: ['Workshop', 'Compact', 'Heavy-Duty', 'Precision', 'Essential', 'Pro'],
    price: [6, 449],
    blurbs: ['Made to survive the workshop floor.', 'Precise, comfortable and built to last.', 'Comes with a lifetime guarantee.'],
  },
  {
    slug: 'pet-supplies',
    name: 'Pet Supplies',
    code: 'PET',
    nouns: ['Dog Bed', 'Cat Scratcher', 'Pet Bowl', 'Dog Leash', 'Chew Toy', 'Cat Tunnel', 'Grooming Brush', 'Travel Carrier'],
    variants: ['Cotton', 'Sisal', 'Ceramic', 'Nylon', 'Natural Rubber', 'Faux Fur', 'Bamboo', 'Canvas'],
    variantKey: 'material',
    adjectives: ['Cosy', 'Durable', 'Calming', 'Travel', 'Playful', 'Classic'],
    price: [5, 189],
    blurbs: ['Pet-safe materials, machine washable where it matters.', 'Approved by very picky testers.', 'Sturdy enough for daily play.'],
  },
  {
    slug: 'bath-bedding',
    name: 'Bath & Bedding',
    code: 'BED',
    nouns: ['Bath Towel', 'Duvet Cover', 'Pillowcase Set', 'Bath Mat', 'Throw Blanket', 'Bathrobe', 'Fitted Sheet', 'Shower Curtain'],
    variants: ['Organic Cotton', 'Linen', 'Bamboo', 'Waffle Cotton', 'Percale', 'Sateen', 'Merino Wool', 'Flannel'],
    variantKey: 'material',
    adjectives: ['Soft', 'Hotel', 'Stonewashed', 'Classic', 'Cosy', 'Airy'],
    price: [9, 279],
    blurbs: ['Gets softer with every wash.', 'Breathable for warm nights, cosy for cold ones.', 'OEKO-TEX certified.'],
  },
];

// biome-ignore format: a word list
export const DEMO_BRANDS = [
  'Nordhavn', 'Lumeo', 'Casa Verde', 'Brightwell', 'Oakridge', 'Vantor',
  'Kiri', 'Solano', 'Halden', 'Pello', 'Marlow & Finch', 'Tovi',
];

// biome-ignore format: a word list
export const DEMO_COLOURS = [
  'Black', 'White', 'Charcoal', 'Sage', 'Navy', 'Terracotta',
  'Sand', 'Forest Green', 'Mustard', 'Blush', 'Slate Blue', 'Natural',
];

export const DEMO_CLOSINGS = [
  'Ships within two working days.',
  'Covered by a two-year warranty.',
  'Designed in Europe.',
  'Packed without single-use plastic.',
];

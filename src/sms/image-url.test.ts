import { describe, expect, it } from 'vitest';
import { isImageUrl } from './index.js';

describe('isImageUrl', () => {
  it.each(['https://cafe.example/menu.jpg', 'http://cafe.example/a.png?size=2', '  https://cafe.example/menu.jpg \n'])(
    'accepts %j',
    (text) => {
      expect(isImageUrl(text)).toBe(true);
    },
  );

  it.each([
    'menu.jpg',
    'ftp://cafe.example/menu.jpg',
    'https://cafe.example/our menu.jpg',
    'see https://cafe.example/menu.jpg',
    'https://',
    '',
  ])('refuses %j', (text) => {
    expect(isImageUrl(text)).toBe(false);
  });
});

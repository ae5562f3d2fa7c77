import { createHash } from 'node:crypto';
import { MediaStore } from './media.store';

describe('MediaStore: every media id the sandbox issued, in one place', () => {
  it("holds a customer's media and an upload alike, each retrievable by its id, and counts only the upload", () => {
    const store = new MediaStore();
    const photo = store.put('100000000000002', 'image/jpeg', Buffer.from('a customer photo'));
    const logo = store.upload({ phoneNumberId: '100000000000002', mimeType: 'image/png', fileName: 'logo.png', content: Buffer.from('a png') });

    expect([photo.id, logo.id]).toEqual([expect.stringMatching(/^\d{16}$/), expect.stringMatching(/^\d{16}$/)]);
    expect(store.get(photo.id)).toMatchObject({ mimeType: 'image/jpeg', uploaded: false, bytes: Buffer.from('a customer photo') });
    expect(store.get(logo.id)).toMatchObject({ mimeType: 'image/png', uploaded: true, bytes: Buffer.from('a png') });
    expect(store.has(photo.id) && store.has(logo.id)).toBe(true);
    expect(store.uploadCount()).toBe(1);
    expect(store.listUploads()).toEqual([
      {
        id: logo.id,
        phoneNumberId: '100000000000002',
        mimeType: 'image/png',
        fileName: 'logo.png',
        bytes: 5,
        sha256: createHash('sha256').update('a png').digest('base64'),
        uploadedAt: expect.any(Date),
      },
    ]);
  });

  it("forgets the uploads on reset, and keeps the customers' media", () => {
    const store = new MediaStore();
    const photo = store.put('1', 'image/jpeg', Buffer.from('x'));
    const logo = store.upload({ phoneNumberId: '1', mimeType: 'image/png', content: Buffer.from('y') });

    expect(store.clearUploads()).toBe(1);
    expect(store.has(logo.id)).toBe(false);
    expect(store.has(photo.id)).toBe(true);
    expect(store.uploadCount()).toBe(0);
  });
});

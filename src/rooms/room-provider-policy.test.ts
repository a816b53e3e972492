import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseRoomProvider } from './room-provider-policy.ts';

void describe('the provider of a room', () => {
  void it('up to LOOP_MESH_MAX stays on the main provider; above, the SFU', () => {
    const config = { meshMax: 4, sfuProvider: 'janus' as const };
    assert.equal(chooseRoomProvider(config, 2), 'main');
    assert.equal(chooseRoomProvider(config, 4), 'main');
    assert.equal(chooseRoomProvider(config, 5), 'sfu');
    assert.equal(chooseRoomProvider(config, 100), 'sfu');
  });

  void it('without an SFU every room stays on the main provider', () => {
    assert.equal(chooseRoomProvider({ meshMax: 4, sfuProvider: null }, 50), 'main');
  });
});

import { Cluster } from 'ioredis';
import { clusterSeeds, createClusterClient } from '../../src/redis';

describe('clusterSeeds', () => {
  it('reads one seed, with the default port when none is given', () => {
    expect(clusterSeeds('redis://cache.internal')).toEqual({ nodes: [{ host: 'cache.internal', port: 6379 }], tls: false });
  });

  it('reads several comma-separated seeds sharing credentials and TLS', () => {
    expect(clusterSeeds('rediss://user:p%40ss@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002')).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      tls: true,
      username: 'user',
      password: 'p@ss',
    });
  });

  it('refuses what is not a redis URL without echoing its password', () => {
    expect(() => clusterSeeds('http://:secret@host:1')).toThrow(/Not a redis/);
    expect(() => clusterSeeds('http://:secret@host:1')).not.toThrow(/secret/);
  });
});

describe('createClusterClient', () => {
  it('gives the real ioredis Cluster every seed, and the credentials and TLS to every node', () => {
    const client = createClusterClient('rediss://:token@127.0.0.1:7000,127.0.0.1:7001', { connectTimeout: 100 }, { lazyConnect: true });
    try {
      expect(client).toBeInstanceOf(Cluster);
      // startupNodes is ioredis's own (private) record of the seeds it will dial.
      expect((client as unknown as { startupNodes: unknown }).startupNodes).toEqual([
        { host: '127.0.0.1', port: 7000 },
        { host: '127.0.0.1', port: 7001 },
      ]);
      expect(client.options.redisOptions).toMatchObject({ password: 'token', tls: {}, connectTimeout: 100 });
    } finally {
      client.disconnect();
    }
  });
});

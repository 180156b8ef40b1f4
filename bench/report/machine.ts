import os from 'node:os';

export interface Machine {
  cpus: number;
  cpu_model: string;
  memory_gb: number;
  node: string;
  redis: string;
  os: string;
}

export function describeMachine(redisVersion: string): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    memory_gb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    redis: redisVersion,
    os: `${os.type()} ${os.release()}`,
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpus} cores (${m.cpu_model}), ${m.memory_gb} GB RAM, Node ${m.node}, Redis ${m.redis}, ${m.os}`;
}

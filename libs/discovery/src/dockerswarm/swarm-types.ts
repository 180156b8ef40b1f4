/** The Docker Engine swarm objects discovery reads (`GET /services`, `/tasks`, `/nodes`). */
export interface SwarmPort {
  Name?: string;
  Protocol: string;
  PublishedPort?: number;
  PublishMode?: string;
}

export interface SwarmService {
  ID: string;
  Spec: {
    Name: string;
    Labels?: Record<string, string> | null;
    Mode?: { Global?: object; Replicated?: object };
    TaskTemplate?: { ContainerSpec?: { Hostname?: string; Image?: string } };
  };
  Endpoint?: { Ports?: SwarmPort[] | null; VirtualIPs?: Array<{ NetworkID: string; Addr: string }> | null };
  UpdateStatus?: { State?: string } | null;
}

export interface SwarmTask {
  ID: string;
  ServiceID: string;
  NodeID: string;
  Slot?: number;
  DesiredState: string;
  Spec?: { ContainerSpec?: { Labels?: Record<string, string> | null } | null };
  Status: { State: string; ContainerStatus?: { ContainerID?: string } | null; PortStatus?: { Ports?: SwarmPort[] | null } | null };
  NetworksAttachments?: Array<{ Network: { ID: string }; Addresses: string[] | null }> | null;
}

export interface SwarmNode {
  ID: string;
  Spec: { Role: string; Availability: string; Labels?: Record<string, string> | null };
  Description: { Hostname: string; Platform: { Architecture: string; OS: string }; Engine: { EngineVersion: string } };
  Status: { State: string; Addr: string };
  ManagerStatus?: { Leader?: boolean; Reachability: string; Addr: string } | null;
}

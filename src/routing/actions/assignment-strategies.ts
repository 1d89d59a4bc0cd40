// How an assignee is picked in a team: `then.assign` of a routing rule, a team's `assignment`.

export const assignmentStrategies = ['round-robin', 'least-open', 'skills', 'none'] as const;

export type AssignmentStrategy = (typeof assignmentStrategies)[number];

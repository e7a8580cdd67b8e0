/**
 * The GraphQL schema, written schema-first in SDL: the same records as the
 * REST API, as a graph, plus the interview's `hello` and live subscriptions.
 * Resolvers live in resolvers/; limits on depth and cost in limits.ts.
 */
export const typeDefs = /* GraphQL */ `
  """
  Reads. Every list is paged: page from 1, limit up to 100.
  """
  type Query {
    "The interview's example: { hello } answers Hello World."
    hello(name: String = "World"): String
    todo(id: Int!): Todo
    todos(userId: Int, completed: Boolean, page: Int = 1, limit: Int = 20): TodoPage!
    post(id: Int!): Post
    posts(userId: Int, page: Int = 1, limit: Int = 20): PostPage!
    comment(id: Int!): Comment
    comments(postId: Int, page: Int = 1, limit: Int = 20): CommentPage!
    user(id: Int!): User
    users(page: Int = 1, limit: Int = 10): UserPage!
    "Symbols the simulated market feed trades."
    symbols: [String!]!
    "The current best bid, best ask and last trade of a symbol."
    market(symbol: String!): Market
  }

  "Changes to your private copy of the todos (the same copy /api/rest changes)."
  type Mutation {
    createTodo(input: NewTodo!): Todo!
    updateTodo(id: Int!, changes: TodoChanges!): Todo!
    "Returns the id of the deleted todo."
    deleteTodo(id: Int!): Int!
    "Drops your changes to todos; returns how many changed records went."
    resetTodos: Int!
  }

  "Live streams, over the graphql-transport-ws protocol at /ws/graphql."
  type Subscription {
    "A tick per market update of the symbol (the same feed as /ws/marketdata)."
    ticker(symbol: String!): Market!
    "Your todos as they change, through GraphQL or REST."
    todoChanged: TodoChange!
  }

  type PageInfo {
    page: Int!
    limit: Int!
    totalCount: Int!
    totalPages: Int!
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
  }

  type Todo {
    id: Int!
    userId: Int!
    title: String!
    completed: Boolean!
    user: User
  }

  type Post {
    id: Int!
    userId: Int!
    title: String!
    body: String!
    user: User
    comments(page: Int = 1, limit: Int = 20): CommentPage!
  }

  type Comment {
    id: Int!
    postId: Int!
    name: String!
    email: String!
    body: String!
    post: Post
  }

  type User {
    id: Int!
    name: String!
    username: String!
    email: String!
    phone: String
    website: String
    address: Address
    company: Company
    todos(completed: Boolean, page: Int = 1, limit: Int = 20): TodoPage!
    posts(page: Int = 1, limit: Int = 20): PostPage!
  }

  type Address {
    street: String!
    suite: String!
    city: String!
    zipcode: String!
    geo: Geo
  }

  type Geo {
    lat: String!
    lng: String!
  }

  type Company {
    name: String!
    catchPhrase: String!
    bs: String!
  }

  type TodoPage {
    items: [Todo!]!
    pageInfo: PageInfo!
  }

  type PostPage {
    items: [Post!]!
    pageInfo: PageInfo!
  }

  type CommentPage {
    items: [Comment!]!
    pageInfo: PageInfo!
  }

  type UserPage {
    items: [User!]!
    pageInfo: PageInfo!
  }

  input NewTodo {
    userId: Int!
    title: String!
    completed: Boolean = false
  }

  "Only the fields to change."
  input TodoChanges {
    userId: Int
    title: String
    completed: Boolean
  }

  enum ChangeKind {
    CREATED
    UPDATED
    DELETED
  }

  type TodoChange {
    kind: ChangeKind!
    id: Int!
    "The todo after the change; null when deleted."
    todo: Todo
  }

  "Prices and amounts are decimal strings, as on the market feed."
  type Market {
    symbol: String!
    bestBid: String
    bestAsk: String
    lastPrice: String
    lastAmount: String
    "Milliseconds since the epoch of the update."
    timestampms: Float!
    eventId: Float!
  }
`;

/**
 * The shapes of the REST data set, the same as jsonplaceholder's, so code
 * written against https://jsonplaceholder.typicode.com works here unchanged.
 * GraphQL exposes the same records as a graph.
 */

/** The four collections under /api/rest. */
export type ResourceName = 'todos' | 'posts' | 'comments' | 'users';

export interface Todo {
  userId: number;
  id: number;
  title: string;
  completed: boolean;
}

export interface Post {
  userId: number;
  id: number;
  title: string;
  body: string;
}

export interface Comment {
  postId: number;
  id: number;
  name: string;
  email: string;
  body: string;
}

export interface Geo {
  lat: string;
  lng: string;
}

export interface Address {
  street: string;
  suite: string;
  city: string;
  zipcode: string;
  geo: Geo;
}

export interface Company {
  name: string;
  catchPhrase: string;
  bs: string;
}

export interface User {
  id: number;
  name: string;
  username: string;
  email: string;
  address?: Address;
  phone?: string;
  website?: string;
  company?: Company;
}

/** Any record of any collection. */
export type RestItem = Todo | Post | Comment | User;

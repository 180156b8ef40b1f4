import { Component } from '@angular/core';
@Component({ selector: 'app-x', template: 'todo' })
export class ErrorDetailPage {}
